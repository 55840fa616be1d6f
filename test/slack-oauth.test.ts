import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { createMultiWorkspace } from '../src/adapters/slack/multi.ts';
import { loadTeam, newTeamState, saveTeam, teamIdOf } from '../src/checkins/store.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine } from './support/engine.ts';
import { serveRoutes } from './support/doubles.ts';
import { deleteKeys, uniquePrefix } from './support/redis.ts';
import { BOT, eventBody, mention, postSigned, slackConfig, waitFor } from './slack-support.ts';

// Multi-workspace Slack through the real routes: the install page, the OAuth redirect with
// Slack's oauth.v2.access faked by nock, and events answered with each workspace's token.

const API = 'https://slack.test';
const OAUTH = { SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-for-tests' };

interface Seen {
  method: string;
  auth: string | undefined;
  body: string;
}

const closers: (() => Promise<void>)[] = [];
let seen: Seen[] = [];
let grants: Record<string, Record<string, unknown>> = {};
let refreshes: Record<string, Record<string, unknown>> = {};

beforeEach(() => {
  seen = [];
  grants = {};
  refreshes = {};
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // Slack's Web API at the edge: oauth.v2.access by code or refresh token; everything else ok.
  nock(API)
    .persist()
    .post(/\/api\/.*/)
    .reply(function (uri, body) {
      const method = uri.replace('/api/', '');
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      seen.push({ method, auth: this.req.headers.authorization as string | undefined, body: text });
      if (method === 'oauth.v2.access') {
        const form = new URLSearchParams(text);
        const answer = form.get('grant_type') === 'refresh_token' ? refreshes[form.get('refresh_token') ?? ''] : grants[form.get('code') ?? ''];
        return [200, answer ? { ok: true, ...answer } : { ok: false, error: 'invalid_code' }];
      }
      if (method === 'chat.postMessage') return [200, { ok: true, ts: `${Date.now() / 1000}`, channel: 'C' }];
      return [200, { ok: true }];
    });
});

afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  while (closers.length) await closers.pop()!();
});

async function setup() {
  const prefix = uniquePrefix('slack-oauth');
  const { engine, stores } = await makeEngine('redis', { prefix });
  const config = slackConfig(`${API}/api/`, OAUTH);
  const adapter = createSlackAdapter({ config, engine, once: stores.once, kv: stores.kv, log: silentLogger });
  const server = await serveRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await deleteKeys(prefix);
    await stores.close();
  });
  const get = async (path: string, cookie?: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie') ?? undefined };
  };
  /** The install page, then Slack's redirect back with `code`, as a browser would. */
  const install = async (code: string, grant: Record<string, unknown>) => {
    grants[code] = grant;
    const page = await get('/slack/install');
    expect(page.status).toBe(200);
    const link = /href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const state = new URL(link).searchParams.get('state')!;
    return get(`/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, page.cookie!.split(';')[0]);
  };
  const send = (body: string) => postSigned(`${server.url}/slack/events`, body);
  const allValues = async () => {
    const out: string[] = [];
    for (const key of await stores.kv.keys('')) out.push(`${key}=${JSON.stringify(await stores.kv.get(key))}`);
    return out.join('\n');
  };
  return { prefix, stores, adapter, config, get, install, send, allValues };
}

const grantFor = (team: string, token: string, extra: Record<string, unknown> = {}) => ({
  app_id: 'A0APP',
  access_token: token,
  token_type: 'bot',
  scope: 'chat:write,app_mentions:read',
  bot_user_id: BOT,
  team: { id: team, name: `Workspace ${team}` },
  enterprise: null,
  is_enterprise_install: false,
  authed_user: { id: 'U0ADMIN' },
  ...extra,
});

const mentionFrom = (team: string, channel: string, extra: Record<string, unknown> = {}) =>
  eventBody(
    { ...JSON.parse(JSON.stringify(mention({ channel, user: 'U0MAYA', ts: `${Math.floor(Date.now() / 1000)}.${String(Math.random()).slice(2, 8)}`, text: `<@${BOT}> hi` }))), team },
    { team_id: team, authorizations: [{ team_id: team, user_id: BOT, is_bot: true, ...(extra.enterprise_id ? { enterprise_id: extra.enterprise_id } : {}) }], ...extra },
  );

const postsTo = (channel: string) => seen.filter((s) => s.method === 'chat.postMessage' && new URLSearchParams(s.body).get('channel') === channel);

describe('Slack installs into many workspaces', () => {
  it('the install page links to Slack with a signed state and sets the matching cookie', async () => {
    const { get } = await setup();
    const page = await get('/slack/install');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Add to Slack');
    const link = new URL(/href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&'));
    expect(link.origin + link.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(link.searchParams.get('client_id')).toBe('111.222');
    expect(link.searchParams.get('scope')).toContain('chat:write');
    expect(page.cookie).toContain(`=${link.searchParams.get('state')}`);
  });

  it('refuses a redirect whose state is forged or was started in another browser', async () => {
    const { get, install } = await setup();
    grants.c1 = grantFor('T0AAA', 'xoxb-aaa');
    expect((await get('/slack/oauth_redirect?code=c1&state=forged', 'rapport-slack-state=forged')).status).toBe(400);
    const page = await get('/slack/install');
    const state = new URL(/href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&')).searchParams.get('state')!;
    expect((await get(`/slack/oauth_redirect?code=c1&state=${encodeURIComponent(state)}`)).status).toBe(400);
    expect(seen.filter((s) => s.method === 'oauth.v2.access')).toHaveLength(0);
    expect((await install('c1', grantFor('T0AAA', 'xoxb-aaa'))).status).toBe(200);
  });

  it('two workspaces installed are each answered with their own token', async () => {
    const { install, send, adapter } = await setup();
    const a = await install('code-a', grantFor('T0AAA', 'xoxb-aaa'));
    expect(a.status).toBe(200);
    expect(a.text).toContain('Workspace T0AAA');
    expect((await install('code-b', grantFor('T0BBB', 'xoxb-bbb'))).status).toBe(200);
    const exchange = seen.find((s) => s.method === 'oauth.v2.access')!;
    expect(new URLSearchParams(exchange.body).get('client_secret')).toBe('client-secret');

    expect((await send(mentionFrom('T0AAA', 'C0AAA'))).status).toBe(200);
    expect((await send(mentionFrom('T0BBB', 'C0BBB'))).status).toBe(200);
    await waitFor(() => postsTo('C0AAA').length > 0 && postsTo('C0BBB').length > 0);
    await adapter.idle();
    expect(new Set(postsTo('C0AAA').map((s) => s.auth))).toEqual(new Set(['Bearer xoxb-aaa']));
    expect(new Set(postsTo('C0BBB').map((s) => s.auth))).toEqual(new Set(['Bearer xoxb-bbb']));

    // A proactive post (a check-in) picks the token of the conversation's workspace too.
    await adapter.messenger.post({ platform: 'slack', workspace: 'T0BBB', channel: 'C0LATER', thread: '1.2' }, [{ kind: 'text', text: 'Time for a check-in' } as never]);
    expect(postsTo('C0LATER').map((s) => s.auth)).toEqual(['Bearer xoxb-bbb']);
  });

  it('an org-wide Enterprise Grid install answers every workspace of the org', async () => {
    const { install, send, adapter, stores } = await setup();
    const res = await install('code-org', grantFor('unused', 'xoxb-org', { team: null, enterprise: { id: 'E0ORG', name: 'Big Org' }, is_enterprise_install: true }));
    expect(res.status).toBe(200);
    expect(await stores.kv.get('slack:install:enterprise:E0ORG')).toBeDefined();
    await send(mentionFrom('T0GRID1', 'C0GRID', { enterprise_id: 'E0ORG' }));
    await waitFor(() => postsTo('C0GRID').length > 0);
    await adapter.idle();
    expect(new Set(postsTo('C0GRID').map((s) => s.auth))).toEqual(new Set(['Bearer xoxb-org']));
    // A check-in later (no event in hand) still finds the org's token for that workspace.
    await adapter.messenger.post({ platform: 'slack', workspace: 'T0GRID1', channel: 'C0GRIDLATER', thread: '1.2' }, [{ kind: 'text', text: 'Check-in' } as never]);
    expect(postsTo('C0GRIDLATER').map((s) => s.auth)).toEqual(['Bearer xoxb-org']);
  });

  it('a rotating token about to expire is refreshed before use and stored', async () => {
    const { install, send, adapter, stores } = await setup();
    await install('code-rot', grantFor('T0ROT', 'xoxe.xoxb-old', { refresh_token: 'xoxe-1-refresh-old', expires_in: 600 }));
    refreshes['xoxe-1-refresh-old'] = { access_token: 'xoxe.xoxb-new', refresh_token: 'xoxe-1-refresh-new', expires_in: 43_200, token_type: 'bot', team: { id: 'T0ROT' } };
    await send(mentionFrom('T0ROT', 'C0ROT'));
    await waitFor(() => postsTo('C0ROT').length > 0);
    await adapter.idle();
    expect(new Set(postsTo('C0ROT').map((s) => s.auth))).toEqual(new Set(['Bearer xoxe.xoxb-new']));
    const refresh = seen.find((s) => s.method === 'oauth.v2.access' && s.body.includes('grant_type=refresh_token'))!;
    expect(new URLSearchParams(refresh.body).get('refresh_token')).toBe('xoxe-1-refresh-old');
    const stored = await stores.kv.get<{ bot: { token: string; refreshToken: string } }>('slack:install:team:T0ROT');
    expect(stored?.bot).toMatchObject({ token: 'xoxe.xoxb-new', refreshToken: 'xoxe-1-refresh-new' });
  });

  it('uninstalling removes the token, stops check-ins at once and deletes the data after the grace period', async () => {
    const { install, send, adapter, stores, config, allValues } = await setup();
    await install('code-a', grantFor('T0AAA', 'xoxb-aaa'));
    await install('code-b', grantFor('T0BBB', 'xoxb-bbb'));
    const schedule = { cadence: 'weekly', weekday: 1, time: '09:00', tz: 'UTC', pattern: '0 9 * * 1', parity: null } as const;
    const teamA = { platform: 'slack' as const, workspace: 'T0AAA', channel: 'C0AAA' };
    const teamB = { platform: 'slack' as const, workspace: 'T0BBB', channel: 'C0BBB' };
    await saveTeam(stores.kv, { ...newTeamState(teamA), schedule });
    await saveTeam(stores.kv, { ...newTeamState(teamB), schedule });
    await send(mentionFrom('T0AAA', 'C0AAA'));
    await waitFor(() => postsTo('C0AAA').length > 0);
    await adapter.idle();
    expect(await stores.kv.keys('session:slack:T0AAA:')).not.toHaveLength(0);

    expect((await send(eventBody({ type: 'app_uninstalled', team: 'T0AAA' }, { team_id: 'T0AAA' }))).status).toBe(200);
    await waitFor(async () => (await stores.kv.get('slack:install:team:T0AAA')) === undefined);
    await waitFor(async () => (await loadTeam(stores.kv, teamIdOf(teamA)))?.schedule === null);
    expect(await allValues()).not.toContain('xoxb-aaa');
    // The other workspace keeps its schedule and its token.
    expect((await loadTeam(stores.kv, teamIdOf(teamB)))?.schedule).toEqual(schedule);
    expect(await allValues()).toContain('xoxb-bbb');
    // A due check-in for the uninstalled workspace has no token to post with.
    const before = seen.length;
    await expect(adapter.messenger.post({ ...teamA, thread: '1.2' }, [{ kind: 'text', text: 'Check-in' } as never])).rejects.toThrow();
    expect(seen.slice(before).filter((s) => s.method === 'chat.postMessage')).toHaveLength(0);

    // Designs stay during the grace period and go after it.
    const multi = createMultiWorkspace({ config, kv: stores.kv, log: silentLogger });
    expect(await multi.purge(Date.now() + 29 * 24 * 3600_000)).toBe(0);
    expect(await stores.kv.keys('session:slack:T0AAA:')).not.toHaveLength(0);
    expect(await multi.purge(Date.now() + 31 * 24 * 3600_000)).toBe(1);
    expect(await stores.kv.keys('session:slack:T0AAA:')).toHaveLength(0);
    expect(await loadTeam(stores.kv, teamIdOf(teamA))).toBeUndefined();
    expect(await loadTeam(stores.kv, teamIdOf(teamB))).toBeDefined();
  });

  it('installing again within the grace period keeps the designs', async () => {
    const { install, send, stores, config } = await setup();
    await install('code-a', grantFor('T0AAA', 'xoxb-aaa'));
    await send(eventBody({ type: 'tokens_revoked', tokens: { bot: [BOT] } }, { team_id: 'T0AAA' }));
    await waitFor(async () => (await stores.kv.keys('slack:uninstalled:')).length === 1);
    await install('code-a2', grantFor('T0AAA', 'xoxb-aaa2'));
    const multi = createMultiWorkspace({ config, kv: stores.kv, log: silentLogger });
    expect(await stores.kv.keys('slack:uninstalled:')).toHaveLength(0);
    expect(await multi.purge(Date.now() + 365 * 24 * 3600_000)).toBe(0);
  });
});

describe('rapport doctor on a multi-workspace store', () => {
  it('lists installs with team, enterprise, install time and rotation, and never a token', async () => {
    const { install, stores } = await setup();
    await install('code-a', grantFor('T0AAA', 'xoxb-aaa'));
    await install('code-rot', grantFor('T0ROT', 'xoxe.xoxb-rot', { refresh_token: 'xoxe-1-r', expires_in: 43_200 }));
    await install('code-org', grantFor('x', 'xoxb-org', { team: null, enterprise: { id: 'E0ORG', name: 'Big Org' }, is_enterprise_install: true }));
    const { storeReport } = await import('../src/commands/doctor-installs.ts');
    const text = (await storeReport(stores.kv, true)).join('\n');
    expect(text).toContain('Slack installations: 3');
    expect(text).toMatch(/Workspace T0AAA \(T0AAA\); installed \d{4}-\d\d-\d\dT.*token rotation no/);
    expect(text).toMatch(/Workspace T0ROT \(T0ROT\);.*token rotation yes/);
    expect(text).toContain('org-wide in Big Org (E0ORG)');
    expect(text).not.toMatch(/xox/);
  });
});
