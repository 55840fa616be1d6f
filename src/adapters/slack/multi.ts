import type { Config } from '../../config.ts';
import type { KeyValueStore, Messenger } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import { stopTeam } from '../../checkins/stop-team.ts';
import { createSlackOAuth, type SlackOAuth } from './oauth.ts';
import type { Inbound } from './parse.ts';
import { scopeOf } from './scope.ts';
import { createWorkspaceWeb, type WorkspaceWeb } from './workspace-web.ts';

// Multi-workspace mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET set):
// each event and each check-in is sent with its own workspace's bot token. An uninstall
// removes the token and stops check-ins at once; the workspace's designs are deleted after
// a grace period unless it installs again.

/** How long a workspace's designs outlive an uninstall. */
export const GRACE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const PENDING = 'slack:uninstalled:';
/** Team → Grid org, learned from events, so check-ins find an org-wide install. */
const memberKey = (team: string) => `slack:install:member:${team}`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface MultiWorkspace extends WorkspaceWeb {
  oauth: SlackOAuth;
  /** Runs the work of one inbound event as its workspace. */
  run(inbound: Inbound, body: Obj, fn: () => Promise<void>): Promise<void>;
  messenger(inner: Messenger): Messenger;
  /** app_uninstalled / tokens_revoked; true when the body was one of them. */
  lifecycle(body: Obj): Promise<boolean>;
  /** Deletes the data of workspaces whose grace period is over; returns how many. */
  purge(now?: number): Promise<number>;
}

export function createMultiWorkspace(deps: { config: Config; kv: KeyValueStore; log: Logger; graceDays?: number }): MultiWorkspace {
  const { config, kv, log } = deps;
  const graceMs = (deps.graceDays ?? GRACE_DAYS) * DAY_MS;
  const oauth = createSlackOAuth({
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    stateSecret: config.SLACK_STATE_SECRET!,
    kv,
    log,
    apiUrl: config.SLACK_API_URL,
    // Installing again within the grace period keeps the designs.
    onInstalled: async (i) => {
      if (i.team) await kv.delete(`${PENDING}${i.team.id}`);
      if (i.isEnterpriseInstall && i.enterprise) await kv.delete(`${PENDING}enterprise:${i.enterprise.id}`);
    },
  });
  const scoped = createWorkspaceWeb({
    apiUrl: config.SLACK_API_URL,
    log,
    tokenFor: async ({ team, enterprise }) => oauth.tokenFor({ team, enterprise: enterprise ?? (await kv.get<string>(memberKey(team))) }),
  });
  const known = new Set<string>();

  const teamOf = (inbound: Inbound): string | undefined =>
    inbound.kind === 'turn' ? inbound.turn.key.workspace : 'team' in inbound ? inbound.team : undefined;

  async function uninstall(team: string | undefined, enterprise: string | undefined, orgWide: boolean) {
    if (orgWide && enterprise) await oauth.installations.deleteInstallation({ enterpriseId: enterprise, isEnterpriseInstall: true, teamId: undefined });
    else if (team) await oauth.installations.deleteInstallation({ teamId: team, enterpriseId: enterprise, isEnterpriseInstall: false });
    const workspaces = orgWide && enterprise ? await membersOf(enterprise) : team ? [team] : [];
    for (const ws of workspaces) {
      const stopped = await stopTeam(kv, ws);
      await kv.set(`${PENDING}${ws}`, { deleteAfter: Date.now() + graceMs });
      log.info('slack uninstalled: check-ins stopped, data deleted after the grace period', { team: ws, checkinsStopped: stopped, graceDays: graceMs / DAY_MS });
    }
  }

  async function membersOf(enterprise: string): Promise<string[]> {
    const out: string[] = [];
    for (const key of await kv.keys('slack:install:member:')) if ((await kv.get<string>(key)) === enterprise) out.push(key.slice('slack:install:member:'.length));
    return out;
  }

  return {
    ...scoped,
    oauth,
    async run(inbound, body, fn) {
      const team = teamOf(inbound);
      if (!team) return fn();
      const enterprise = (inbound.kind === 'turn' ? inbound.turn.key.enterprise : undefined) ?? enterpriseOf(body);
      if (enterprise && !known.has(team)) {
        await kv.set(memberKey(team), enterprise);
        known.add(team);
      }
      return scoped.within({ team, enterprise }, fn);
    },
    messenger(inner) {
      return {
        startThread: (channel, replies) => scoped.within({ team: channel.workspace, enterprise: channel.enterprise }, () => inner.startThread(channel, replies)),
        post: (key, replies) => scoped.within({ team: key.workspace, enterprise: key.enterprise }, () => inner.post(key, replies)),
      };
    },
    async lifecycle(body) {
      const event = isObj(body.event) ? body.event : undefined;
      const type = str(event?.type);
      if (type !== 'app_uninstalled' && type !== 'tokens_revoked') return false;
      // tokens_revoked also fires for user tokens only; the bot keeps working then.
      if (type === 'tokens_revoked' && !(isObj(event!.tokens) && Array.isArray(event!.tokens.bot) && event!.tokens.bot.length)) return true;
      const auth = Array.isArray(body.authorizations) && isObj(body.authorizations[0]) ? body.authorizations[0] : {};
      const orgWide = body.is_enterprise_install === true || auth.is_enterprise_install === true;
      await uninstall(str(body.team_id), enterpriseOf(body), orgWide);
      return true;
    },
    async purge(now = Date.now()) {
      let purged = 0;
      for (const key of await kv.keys(PENDING)) {
        const mark = await kv.get<{ deleteAfter: number }>(key);
        if (!mark || mark.deleteAfter > now) continue;
        const team = key.slice(PENDING.length);
        const enc = `slack:${encodeURIComponent(team)}:`;
        const doomed = [
          ...(await kv.keys(`session:${enc}`)),
          ...(await kv.keys(`checkin:team:${enc}`)),
          ...(await kv.keys(`checkin:stats:${enc}`)),
          ...(await kv.keys(`checkin:records:${enc}`)),
          ...(await kv.keys(`checkin:edits:${enc}`)),
        ];
        for (const k of doomed) await kv.delete(k);
        await kv.delete(memberKey(team));
        await kv.delete(key);
        log.info('slack workspace data deleted after uninstall', { team, keys: doomed.length });
        purged++;
      }
      return purged;
    },
  };
}

const enterpriseOf = (body: Obj): string | undefined => scopeOf(body).enterprise;
