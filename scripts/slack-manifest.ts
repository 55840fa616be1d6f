import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUGGESTED_PROMPTS } from '../src/adapters/slack/assistant.ts';

// `npx tsx scripts/slack-manifest.ts [--assistant] [--out <file>]`: the Slack app manifest
// to paste into api.slack.com/apps. Plain, it is slack/manifest.json (works on every plan).
//   --assistant  also turns on Slack's agents & AI apps surface: the side panel with
//                suggested prompts, "is thinking…" status, thread titles and feedback
//                buttons. Needs a paid plan or a developer sandbox.
//   --oauth      multi-workspace installs: the OAuth redirect URL, token rotation,
//                org-wide installs on Enterprise Grid, and the uninstall events. Only for
//                SLACK_CLIENT_ID/SECRET/STATE_SECRET deployments: rotation cannot be undone.
//   --out <file> write there instead of to stdout

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Manifest = {
  features: Record<string, unknown>;
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: { event_subscriptions: { bot_events: string[] } } & Record<string, unknown>;
} & Record<string, unknown>;

export function slackManifest(opts: { assistant: boolean; oauth?: boolean }): Manifest {
  const plain = JSON.parse(readFileSync(path.join(root, 'slack/manifest.json'), 'utf8')) as Manifest;
  const base = opts.oauth ? withOAuth(plain) : plain;
  if (!opts.assistant) return base;
  const add = (list: string[], ...more: string[]) => [...list, ...more.filter((m) => !list.includes(m))];
  return {
    ...base,
    features: {
      ...base.features,
      assistant_view: {
        assistant_description: 'Coaches your team through the Customer Relationships block of the Business Model Canvas, and checks in on your retention.',
        suggested_prompts: SUGGESTED_PROMPTS,
      },
    },
    oauth_config: { ...base.oauth_config, scopes: { ...base.oauth_config.scopes, bot: add(base.oauth_config.scopes.bot, 'assistant:write') } },
    settings: {
      ...base.settings,
      event_subscriptions: { ...base.settings.event_subscriptions, bot_events: add(base.settings.event_subscriptions.bot_events, 'assistant_thread_started') },
    },
  };
}

/** The public base URL is the one the events request URL already names. */
function withOAuth(m: Manifest): Manifest {
  const events = m.settings.event_subscriptions as { request_url: string; bot_events: string[] };
  const origin = new URL(events.request_url).origin;
  return {
    ...m,
    oauth_config: { ...m.oauth_config, redirect_urls: [`${origin}/slack/oauth_redirect`] },
    settings: {
      ...m.settings,
      event_subscriptions: { ...events, bot_events: [...events.bot_events, 'app_uninstalled', 'tokens_revoked'] },
      org_deploy_enabled: true,
      token_rotation_enabled: true,
    },
  };
}

export function main(argv: string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : undefined;
  const text = `${JSON.stringify(slackManifest({ assistant: argv.includes('--assistant'), oauth: argv.includes('--oauth') }), null, 2)}\n`;
  if (out) writeFileSync(path.resolve(out), text);
  else process.stdout.write(text);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
