import { existsSync, readFileSync } from 'node:fs';
import { InstallProvider, type Installation } from '@slack/oauth';
import { webApi } from '@slack/bolt';
import type { KeyValueStore } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import { type RawRequest, type Route, type RouteResponse } from '../../http/server.ts';
import { createInstallationStore, type RedisInstallationStore } from './installations.ts';
import { apiUrl } from './send.ts';

// Multi-workspace Slack: "Add to Slack" on /slack/install, the grant exchanged on
// /slack/oauth_redirect, installs kept per workspace (or Grid org) in the store. The state
// is signed (InstallProvider's state store, 10 minutes) and must match a cookie set by the
// install page, so a redirect started in another browser is refused.

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
const STATE_COOKIE = 'rapport-slack-state';

/** The bot scopes of slack/manifest.json, from the sources or from dist/src (one level deeper). */
export function botScopes(): string[] {
  for (const rel of ['../../../slack/manifest.json', '../../../../slack/manifest.json']) {
    const file = new URL(rel, import.meta.url);
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
    return manifest.oauth_config.scopes.bot;
  }
  throw new Error('slack/manifest.json not found: it names the scopes to install with');
}

export interface SlackOAuth {
  provider: InstallProvider;
  installations: RedisInstallationStore;
  routes: Route[];
  /** The bot token for a team (or its Grid org); refreshed first when it is about to expire. */
  tokenFor(q: { team?: string; enterprise?: string }): Promise<string>;
}

export function createSlackOAuth(opts: {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  kv: KeyValueStore;
  log: Logger;
  apiUrl?: string;
  scopes?: string[];
  /** Called after a (re)install lands; the uninstall grace period is cancelled here. */
  onInstalled?: (installation: Installation) => Promise<void>;
}): SlackOAuth {
  const { log } = opts;
  const installations = createInstallationStore(opts.kv);
  const scopes = opts.scopes ?? botScopes();
  const clientOptions = { slackApiUrl: apiUrl(opts.apiUrl), retryConfig: { retries: 0 } };
  const provider = new InstallProvider({
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    stateSecret: opts.stateSecret,
    installationStore: installations,
    clientOptions,
    logLevel: webApi.LogLevel.ERROR,
  });
  const web = new webApi.WebClient(undefined, { ...clientOptions, logLevel: webApi.LogLevel.ERROR });

  const page = (status: number, title: string, body: string, headers: Record<string, string> = {}): RouteResponse => ({
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36em;margin:4em auto">${body}</body></html>`,
  });

  async function install(): Promise<RouteResponse> {
    const url = await provider.generateInstallUrl({ scopes, redirectUri: undefined });
    const state = new URL(url).searchParams.get('state') ?? '';
    const href = url.replace(/&/g, '&amp;');
    return page(
      200,
      'Add Rapport to Slack',
      `<h1>Rapport</h1><p>Rapport helps a startup team design how it looks after its customers, right in Slack.</p>` +
        `<p><a href="${href}"><img alt="Add to Slack" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png"></a></p>`,
      { 'set-cookie': `${STATE_COOKIE}=${state}; Path=/slack; HttpOnly; Secure; SameSite=Lax; Max-Age=600`, 'cache-control': 'no-store' },
    );
  }

  async function callback(req: RawRequest): Promise<RouteResponse> {
    const q = new URLSearchParams(req.query ?? '');
    if (q.get('error')) return page(200, 'Not installed', `<p>Rapport was not installed (${escapeHtml(q.get('error')!)}).</p>`);
    const code = q.get('code');
    const state = q.get('state');
    if (!code || !state) return page(400, 'Install failed', '<p>The link is missing its code or state. Start again from the install page.</p>');
    const cookie = cookieOf(req.headers.cookie, STATE_COOKIE);
    try {
      if (cookie !== state) throw new Error('state cookie mismatch');
      await provider.stateStore!.verifyStateParam(new Date(), state);
    } catch (err) {
      log.warn('slack install refused: bad state', { reason: (err as Error).message });
      return page(400, 'Install failed', '<p>This install link has expired or was started in another browser. Start again from the install page.</p>');
    }
    let installation: Installation;
    try {
      const r = (await web.oauth.v2.access({ client_id: opts.clientId, client_secret: opts.clientSecret, code })) as OAuthV2Response;
      installation = toInstallation(r);
      await installations.storeInstallation(installation);
    } catch (err) {
      log.error('slack install failed', { reason: (err as Error).message });
      return page(502, 'Install failed', '<p>Slack did not confirm the install. Try again in a minute.</p>');
    }
    await opts.onInstalled?.(installation);
    log.info('slack installed', { team: installation.team?.id, enterprise: installation.enterprise?.id, orgWide: Boolean(installation.isEnterpriseInstall) });
    const where = escapeHtml(installation.team?.name ?? installation.enterprise?.name ?? 'your workspace');
    return page(200, 'Rapport installed', `<h1>Done</h1><p>Rapport is installed in ${where}. Mention @Rapport in a channel or open it from Apps to start.</p>`, {
      'set-cookie': `${STATE_COOKIE}=; Path=/slack; Max-Age=0`,
    });
  }

  return {
    provider,
    installations,
    routes: [
      { method: 'GET', path: INSTALL_PATH, handle: install },
      { method: 'GET', path: REDIRECT_PATH, handle: callback },
    ],
    async tokenFor({ team, enterprise }) {
      // authorize() refreshes a rotating token that expires within two hours and stores it.
      const auth = await provider.authorize({ teamId: team, enterpriseId: enterprise, isEnterpriseInstall: false });
      if (!auth.botToken) throw new Error(`no bot token for ${team ?? enterprise}`);
      return auth.botToken;
    },
  };
}

interface OAuthV2Response {
  app_id?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  bot_user_id?: string;
  token_type?: string;
  is_enterprise_install?: boolean;
  team?: { id: string; name?: string } | null;
  enterprise?: { id: string; name?: string } | null;
  authed_user?: { id: string; scope?: string; access_token?: string };
}

function toInstallation(r: OAuthV2Response): Installation {
  if (!r.access_token || !r.bot_user_id) throw new Error('oauth.v2.access answered without a bot token');
  const orgWide = Boolean(r.is_enterprise_install);
  return {
    team: orgWide || !r.team ? undefined : { id: r.team.id, name: r.team.name },
    enterprise: r.enterprise ? { id: r.enterprise.id, name: r.enterprise.name } : undefined,
    user: { id: r.authed_user?.id ?? '', token: undefined, scopes: undefined },
    bot: {
      token: r.access_token,
      refreshToken: r.refresh_token,
      expiresAt: r.expires_in ? Math.floor(Date.now() / 1000) + r.expires_in : undefined,
      scopes: (r.scope ?? '').split(',').filter(Boolean),
      id: '',
      userId: r.bot_user_id,
    },
    appId: r.app_id,
    tokenType: 'bot',
    isEnterpriseInstall: orgWide,
    authVersion: 'v2',
  } as Installation;
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
