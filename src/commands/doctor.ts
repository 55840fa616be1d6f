import { Redis } from 'ioredis';
import OpenAI from 'openai';
import type { Config } from '../config.ts';
import { slackConfigured, teamsConfigured } from '../config.ts';

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
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong = await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    return { name: 'Storage', status: pong === 'PONG' ? 'ok' : 'problem', detail: `Redis ${version} answers at ${redactUrl(config.REDIS_URL)}.` };
  } catch (err) {
    return { name: 'Storage', status: 'problem', detail: `Redis at ${redactUrl(config.REDIS_URL)} does not answer (${(err as Error).message}). Is it running?` };
  } finally {
    redis.disconnect();
  }
}

async function checkLlm(config: Config): Promise<Check> {
  if (!config.OPENAI_API_KEY) return { name: 'AI summariser', status: 'off', detail: 'OPENAI_API_KEY is not set: answers are read by the offline summariser (no AI). Set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server) to use a model.' };
  const client = new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, timeout: TIMEOUT_MS, maxRetries: 0 });
  const where = config.OPENAI_BASE_URL ?? 'OpenAI';
  try {
    const models = await client.models.list();
    const ids = models.data.map((m) => m.id);
    const found = ids.includes(config.OPENAI_MODEL);
    return {
      name: 'AI summariser',
      status: found || ids.length === 0 ? 'ok' : 'problem',
      detail: found || ids.length === 0 ? `${where} answers; model ${config.OPENAI_MODEL}.` : `${where} answers, but it does not list the model "${config.OPENAI_MODEL}" (OPENAI_MODEL).`,
    };
  } catch (err) {
    return { name: 'AI summariser', status: 'problem', detail: `${where} did not answer (${(err as Error).message}). Rapport will fall back to the offline summariser.` };
  }
}

async function checkSlack(config: Config): Promise<Check> {
  if (!slackConfigured(config)) {
    const missing = [!config.SLACK_BOT_TOKEN && 'SLACK_BOT_TOKEN', !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN && 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'].filter(Boolean);
    return { name: 'Slack', status: 'off', detail: `Not connected: set ${missing.join(' and ')}. See docs/slack.md.` };
  }
  const base = (config.SLACK_API_URL ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  try {
    const res = await fetch(`${base}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${config.SLACK_BOT_TOKEN}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
    if (!body.ok) return { name: 'Slack', status: 'problem', detail: `Slack refused the bot token (${body.error ?? res.status}).` };
    const mode = config.SLACK_APP_TOKEN ? 'Socket Mode' : 'HTTP at POST /slack/events';
    return { name: 'Slack', status: 'ok', detail: `Connected to ${body.team ?? 'the workspace'} as ${body.user ?? 'the bot'}; events arrive by ${mode}.` };
  } catch (err) {
    return { name: 'Slack', status: 'problem', detail: `Slack's Web API did not answer (${(err as Error).message}).` };
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
  out.write(`\nHTTP port: ${config.PORT}. Terminal chat works with no setup: npm run chat\n`);
  return checks.some((c) => c.status === 'problem') ? 1 : 0;
}
