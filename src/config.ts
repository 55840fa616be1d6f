import { z } from 'zod';

// Every setting comes from the environment, checked once at start-up. A bad value names
// its variable; secrets are never echoed back.

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.string().url({ message: 'must be a URL' }).optional());

const list = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
);

const num = (schema: z.ZodNumber) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const r = schema.safeParse(Number(v));
    if (!r.success) {
      ctx.addIssue({ code: 'custom', message: r.error.issues[0]?.message ?? 'must be a number' });
      return z.NEVER;
    }
    return r.data;
  });

const bool = optionalString.pipe(
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

export const ConfigSchema = z.object({
  REDIS_URL: optionalString.pipe(
    z
      .string()
      // One node, `redis+cluster://` / `rediss+cluster://`, or comma-separated cluster nodes.
      .regex(/^rediss?(\+cluster)?:\/\/[^,]+(,\s*(rediss?(\+cluster)?:\/\/)?[^,]+)*$/, { message: 'must start with redis:// or rediss:// (redis+cluster:// or comma-separated nodes for a cluster)' })
      .optional(),
  ),
  /** true: REDIS_URL names a node of a Redis Cluster (managed services: the configuration endpoint). */
  REDIS_CLUSTER: bool,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: optionalString.transform((v) => v ?? 'gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: num(z.number().int().min(1000).max(300_000)).transform((v) => v ?? 20_000),
  /** Azure deployment URLs only (e.g. 2024-10-21); Azure's /openai/v1 endpoint needs none. */
  OPENAI_API_VERSION: optionalString.pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(?:-preview)?$|^(?:latest|preview|v1)$/, { message: 'must be an Azure api-version such as 2024-10-21' })
      .optional(),
  ),
  /** One answer's model time, all attempts and the repair included; then the offline reader. */
  RAPPORT_LLM_DEADLINE_MS: num(z.number().int().min(1000).max(120_000)).transform((v) => v ?? 8000),
  /** Model tokens per conversation before the offline reader takes over; 0 for no cap. */
  RAPPORT_LLM_TOKEN_BUDGET: num(z.number().int().min(0).max(100_000_000)).transform((v) => v ?? 50_000),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', { message: 'must start with xoxb-' }).optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', { message: 'must start with xapp-' }).optional()),
  SLACK_API_URL: optionalUrl,
  /** All three set: multi-workspace installs through Slack's OAuth. */
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: optionalString.pipe(
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'must be MultiTenant, SingleTenant or UserAssignedMSI' }).optional(),
  ),
  TEAMS_ALLOW_UNAUTHENTICATED: bool,
  PORT: num(z.number({ message: 'must be a port number' }).int().min(0).max(65535, { message: 'must be a port number' })).transform((v) => v ?? 3978),
  LOG_LEVEL: optionalString.pipe(
    z.enum(['debug', 'info', 'warn', 'error', 'silent'], { message: 'must be debug, info, warn, error or silent' }).optional(),
  ).transform((v) => v ?? 'info'),
  /** Prefix of every Redis key; tests and a second deployment on one Redis use their own. */
  RAPPORT_KEY_PREFIX: optionalString.pipe(z.string().regex(/^[\w.-]{1,40}$/, { message: 'must be 1-40 letters, digits, dots, dashes or underscores' }).optional()).transform((v) => v ?? 'rapport'),
  RAPPORT_SESSION_TTL_DAYS: num(z.number().min(1).max(3650)).transform((v) => v ?? 30),
  RAPPORT_COHORT_CHANNELS: list,
  RAPPORT_COHORT_ADMINS: list,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const config = parsed.data;
  // The mode travels in the URL from here on, so every part given only a URL knows it.
  if (config.REDIS_CLUSTER && config.REDIS_URL && !/^rediss?\+cluster:/.test(config.REDIS_URL)) config.REDIS_URL = config.REDIS_URL.replace(/^(rediss?):\/\//, '$1+cluster://');
  const problems: string[] = [];
  if (config.MICROSOFT_APP_TYPE === 'SingleTenant' && !config.MICROSOFT_APP_TENANT_ID) {
    problems.push('MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is SingleTenant');
  }
  if (config.MICROSOFT_APP_ID && !config.MICROSOFT_APP_PASSWORD && config.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (unless MICROSOFT_APP_TYPE is UserAssignedMSI)');
  }
  if (config.OPENAI_API_VERSION && !config.OPENAI_BASE_URL) {
    problems.push('OPENAI_BASE_URL: required with OPENAI_API_VERSION (your Azure resource, e.g. https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT)');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const slackOAuthConfigured = (c: Config) => Boolean(c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET);
export const slackConfigured = (c: Config) => Boolean((c.SLACK_BOT_TOKEN || slackOAuthConfigured(c)) && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN));
export const teamsConfigured = (c: Config) => Boolean(c.MICROSOFT_APP_ID || c.TEAMS_ALLOW_UNAUTHENTICATED);
