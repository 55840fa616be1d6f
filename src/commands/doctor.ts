import { Cluster } from 'ioredis';
import type { Config } from '../config.ts';
import { slackConfigured, slackOAuthConfigured, teamsConfigured } from '../config.ts';
import { storeReportFor } from './doctor-installs.ts';
import { redact, silentLogger } from '../log.ts';
import { createRedisClient, parseRedisTarget } from '../store/connection.ts';
import { SummariserError } from '../understanding/errors.ts';
import { createOpenAISummariser } from '../understanding/openai.ts';
import { defaultPrompts } from '../understanding/prompts.ts';

// Plain-words report of what is configured and what answers. Never prints a secret.

type Status = 'ok' | 'off' | 'problem';
interface Check {
  name: string;
  status: Status;
  detail: string;
}

const MARK: Record<Status, string> = { ok: '✓', off: '·', problem: '✗' };
const TIMEOUT_MS = 5000;

async function checkRedis(config: Config): Promise<Check> {
  if (!config.REDIS_URL) return { name: 'Storage', status: 'off', detail: 'REDIS_URL is not set: conversations live in memory and are lost when the process stops. Fine for trying it out; set REDIS_URL for real use.' };
  const target = parseRedisTarget(config.REDIS_URL);
  const where = target.cluster ? `the cluster at ${target.nodes.map((n) => `${n.host}:${n.port}`).join(', ')}` : redactUrl(target.url);
  const redis = createRedisClient(
    target,
    { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null },
    { clusterRetryStrategy: () => null },
  );
  redis.on('error', () => undefined);
  try {
    await withTimeout(redis.connect(), TIMEOUT_MS);
    // A cluster node answers INFO for itself; ask one master, the others run alike.
    const node = redis instanceof Cluster ? (redis.nodes('master')[0] ?? redis) : redis;
    const info = await withTimeout(node.info(), TIMEOUT_MS);
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    const version = field('redis_version') ?? 'unknown';
    const clusterOn = field('cluster_enabled') === '1';
    const problems: string[] = [];
    let mode = 'a single Redis node';
    if (clusterOn) {
      const state = String(await withTimeout(redis.cluster('INFO'), TIMEOUT_MS));
      const masters = /cluster_size:(\d+)/.exec(state)?.[1] ?? '?';
      mode = `a Redis Cluster (${masters} masters, ${/cluster_state:ok/.test(state) ? 'state ok' : 'state NOT ok'})`;
      if (!/cluster_state:ok/.test(state)) problems.push('the cluster is not in state ok: some slots have no master');
      if (!target.cluster) problems.push('this server is a cluster node but REDIS_CLUSTER is not true: turns will fail with MOVED; set REDIS_CLUSTER=true');
    } else if (target.cluster) {
      problems.push('REDIS_CLUSTER is true but this server is not a cluster node: unset REDIS_CLUSTER');
    }
    const aof = field('aof_enabled') === '1';
    const rdb = (await withTimeout(node.config('GET', 'save'), TIMEOUT_MS).catch(() => null)) as string[] | null;
    const rdbOn = rdb ? Boolean(rdb[1]?.trim()) : undefined;
    const persistence = aof
      ? `persistence on (AOF${rdbOn ? ' and RDB snapshots' : ''})`
      : rdbOn
        ? 'RDB snapshots only (AOF off: a crash loses the writes since the last snapshot; turn on appendonly for production)'
        : rdbOn === false
          ? 'persistence OFF (no AOF, no RDB): a restart loses every conversation; turn on appendonly for production'
          : 'AOF off; RDB snapshot settings hidden by the provider (managed services usually keep backups)';
    const detail = `Redis ${version} answers at ${where}: ${mode}; ${persistence}.${problems.length ? ` Problem: ${problems.join('; ')}.` : ''}`;
    return { name: 'Storage', status: problems.length ? 'problem' : 'ok', detail };
  } catch (err) {
    return { name: 'Storage', status: 'problem', detail: `Redis at ${where} does not answer (${safeError(err, config)}). Is it running?` };
  } finally {
    redis.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * An error's text as doctor may print it: a server's own words can echo what it was sent
 * (a gateway that repeats the API key), so secrets are masked like the logs mask them,
 * every configured secret is removed literally, and the text is kept short.
 */
export function safeError(err: unknown, config: Config): string {
  let text = err instanceof Error ? err.message : String(err);
  const secrets = [config.OPENAI_API_KEY, config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.MICROSOFT_APP_PASSWORD, config.REDIS_URL && parseRedisTarget(config.REDIS_URL).password]
    .filter((v): v is string => typeof v === 'string' && v.length >= 4);
  for (const secret of secrets) text = text.split(secret).join('[redacted]');
  text = String(redact(text)).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

async function checkLlm(config: Config): Promise<Check> {
  if (!config.OPENAI_API_KEY) return { name: 'AI summariser', status: 'off', detail: 'OPENAI_API_KEY is not set: answers are read by the offline summariser (no AI). Set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server) to use a model.' };
  // A real structured read, as a conversation would make: listing models proves too little
  // (a reasoning model answers the list and then rejects every read).
  const summariser = createOpenAISummariser({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    apiVersion: config.OPENAI_API_VERSION,
    model: config.OPENAI_MODEL,
    timeoutMs: Math.min(config.OPENAI_TIMEOUT_MS, config.RAPPORT_LLM_DEADLINE_MS),
    deadlineMs: config.RAPPORT_LLM_DEADLINE_MS,
    tokenBudget: 0,
    log: silentLogger,
    prompts: defaultPrompts(),
  });
  const where = `${summariser.target}, model ${config.OPENAI_MODEL}`;
  const limits = `Each answer gets ${config.RAPPORT_LLM_DEADLINE_MS / 1000} s (RAPPORT_LLM_DEADLINE_MS); each conversation ${config.RAPPORT_LLM_TOKEN_BUDGET ? `${config.RAPPORT_LLM_TOKEN_BUDGET.toLocaleString('en-US')} tokens` : 'unlimited tokens'} (RAPPORT_LLM_TOKEN_BUDGET).`;
  const started = Date.now();
  try {
    const result = await summariser.extract({
      step: 'business',
      question: 'What does your business do, and for whom?',
      answer: 'We sell refurbished laptops to students, online only.',
      context: {},
      conversation: 'doctor',
    });
    const ms = Date.now() - started;
    const { mode, caps } = summariser.server();
    const tokens = (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0);
    const supports = [
      MODE_WORDS[mode],
      caps.temperature ? 'temperature 0' : 'no temperature (a reasoning model)',
      caps.tokenParam,
    ].join(', ');
    return { name: 'AI summariser', status: 'ok', detail: `${where} read a test answer in ${(ms / 1000).toFixed(1)} s for ${tokens} tokens. Supports: ${supports}. ${limits}` };
  } catch (err) {
    const reason = err instanceof SummariserError ? err.reason : (err as Error).message;
    const status = statusIn(err);
    const hint = status === 404 ? ` Check OPENAI_MODEL ("${config.OPENAI_MODEL}")${config.OPENAI_API_VERSION ? ' and the deployment name in OPENAI_BASE_URL' : ''}.` : status === 401 || status === 403 ? ' Check OPENAI_API_KEY.' : '';
    return { name: 'AI summariser', status: 'problem', detail: `${where} did not answer a test read: ${safeError(reason, config)}${status ? ` (HTTP ${status})` : ''}.${hint} Rapport will fall back to the offline summariser.` };
  }
}

const MODE_WORDS = { json_schema: 'strict JSON schema', json_object: 'JSON mode only (schema sent in the prompt)', none: 'no JSON mode (schema sent in the prompt)' } as const;

/** The HTTP status behind a summariser error, if there was one. */
function statusIn(err: unknown): number | undefined {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

async function checkSlack(config: Config): Promise<Check> {
  if (!slackConfigured(config)) {
    const missing = [!config.SLACK_BOT_TOKEN && !slackOAuthConfigured(config) && 'SLACK_BOT_TOKEN', !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN && 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'].filter(Boolean);
    return { name: 'Slack', status: 'off', detail: `Not connected: set ${missing.join(' and ')}. See docs/slack.md.` };
  }
  if (slackOAuthConfigured(config)) {
    return { name: 'Slack', status: 'ok', detail: 'Multi-workspace: installs through GET /slack/install, one bot token per workspace (listed below).' };
  }
  const base = (config.SLACK_API_URL ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  try {
    const res = await fetch(`${base}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${config.SLACK_BOT_TOKEN}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
    if (!body.ok) return { name: 'Slack', status: 'problem', detail: `Slack refused the bot token (${safeError(body.error ?? res.status, config)}).` };
    const mode = config.SLACK_APP_TOKEN ? 'Socket Mode' : 'HTTP at POST /slack/events';
    return { name: 'Slack', status: 'ok', detail: `Connected to ${body.team ?? 'the workspace'} as ${body.user ?? 'the bot'}; events arrive by ${mode}.` };
  } catch (err) {
    return { name: 'Slack', status: 'problem', detail: `Slack's Web API did not answer (${safeError(err, config)}).` };
  }
}

function checkTeams(config: Config): Check {
  if (!teamsConfigured(config)) return { name: 'Teams', status: 'off', detail: 'Not connected: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD. See docs/teams.md.' };
  if (!config.MICROSOFT_APP_ID) return { name: 'Teams', status: 'problem', detail: 'TEAMS_ALLOW_UNAUTHENTICATED=true: POST /api/messages accepts unauthenticated requests. Only for the Bot Framework Emulator, never in production.' };
  const type = config.MICROSOFT_APP_TYPE ?? 'MultiTenant';
  return { name: 'Teams', status: 'ok', detail: `Bot ${config.MICROSOFT_APP_ID} (${type}${config.MICROSOFT_APP_TENANT_ID ? `, tenant ${config.MICROSOFT_APP_TENANT_ID}` : ''}); requests to POST /api/messages are authenticated.` };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}

export async function runDoctor(config: Config, out: NodeJS.WritableStream): Promise<number> {
  const checks = await Promise.all([checkRedis(config), checkLlm(config), checkSlack(config), Promise.resolve(checkTeams(config))]);
  out.write('Rapport doctor\n\n');
  for (const c of checks) out.write(`${MARK[c.status]} ${c.name}: ${c.detail}\n`);
  const stored = await storeReportFor(config);
  if (stored) out.write(`\n${stored.join('\n')}\n`);
  out.write(`\nHTTP port: ${config.PORT}. Terminal chat works with no setup: npm run chat\n`);
  return checks.some((c) => c.status === 'problem') ? 1 : 0;
}
