import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../src/adapters/slack/index.ts';
import { COMMAND } from '../src/adapters/slack/parse.ts';

// The manifest asks for exactly what the code uses: each scope has a reason below.

const manifest = JSON.parse(readFileSync(new URL('../slack/manifest.json', import.meta.url), 'utf8'));

const SCOPES_USED: Record<string, string> = {
  'app_mentions:read': 'app_mention events',
  'channels:history': 'message.channels: thread replies in public channels',
  'groups:history': 'message.groups: thread replies in private channels',
  'im:history': 'message.im: direct messages',
  'mpim:history': 'message.mpim: thread replies in group DMs',
  'chat:write': 'chat.postMessage, chat.update, chat.delete',
  commands: '/rapport',
  'files:write': 'files.uploadV2 for exports',
  'channels:read': 'users.conversations (public) for the Home tab',
  'groups:read': 'users.conversations (private) for the Home tab',
  'im:read': 'users.conversations (DMs) for the Home tab',
  'mpim:read': 'users.conversations (group DMs) for the Home tab',
};

describe('slack/manifest.json', () => {
  it('has exactly the scopes, events, command and interactivity the adapter uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(SCOPES_USED).sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'message.im', 'message.mpim']);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0].url]) {
      expect(new URL(url).pathname).toBe(EVENTS_PATH);
    }
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});

describe('the multi-workspace manifest (--oauth)', () => {
  it('adds the redirect url the server answers, token rotation, org deploy and the uninstall events', async () => {
    const { slackManifest } = await import('../scripts/slack-manifest.ts');
    const { REDIRECT_PATH } = await import('../src/adapters/slack/oauth.ts');
    const m = slackManifest({ assistant: false, oauth: true }) as typeof manifest;
    expect(m.oauth_config.redirect_urls.map((u: string) => new URL(u).pathname)).toEqual([REDIRECT_PATH]);
    expect(new URL(m.oauth_config.redirect_urls[0]).origin).toBe(new URL(m.settings.event_subscriptions.request_url).origin);
    expect(m.settings.token_rotation_enabled).toBe(true);
    expect(m.settings.org_deploy_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_uninstalled', 'tokens_revoked']));
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(Object.keys(SCOPES_USED).sort());
    // The plain manifest stays single-token: rotation on a hosted bot token cannot be undone.
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    const both = slackManifest({ assistant: true, oauth: true }) as typeof manifest;
    expect(both.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_uninstalled', 'assistant_thread_started']));
    expect(both.settings.token_rotation_enabled).toBe(true);
  });
});
