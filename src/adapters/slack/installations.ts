import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { KeyValueStore } from '../../core/ports.ts';

// Slack installs, one per workspace (or one per Enterprise Grid org for an org-wide
// install), kept in the project's key-value store. Tokens live only in the stored value:
// nothing here logs them, and `summaries` gives doctor everything but the tokens.

const PREFIX = 'slack:install:';

/** `slack:install:enterprise:<E…>` for an org-wide install, `slack:install:team:<T…>` otherwise. */
export function installKey(q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): string {
  if (q.isEnterpriseInstall) {
    if (!q.enterpriseId) throw new Error('org-wide install without an enterprise id');
    return `${PREFIX}enterprise:${q.enterpriseId}`;
  }
  if (!q.teamId) throw new Error('install without a team id');
  return `${PREFIX}team:${q.teamId}`;
}

type Stored = Installation & { installedAt?: string };

export interface InstallationSummary {
  team?: { id: string; name?: string };
  enterprise?: { id: string; name?: string };
  orgWide: boolean;
  installedAt?: string;
  tokenRotation: boolean;
}

export interface RedisInstallationStore extends InstallationStore {
  fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation>;
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  /** Every install, without tokens. */
  summaries(): Promise<InstallationSummary[]>;
}

export function createInstallationStore(kv: KeyValueStore, now: () => Date = () => new Date()): RedisInstallationStore {
  const keyOf = (q: InstallationQuery<boolean>) => installKey({ teamId: q.teamId, enterpriseId: q.enterpriseId, isEnterpriseInstall: q.isEnterpriseInstall });
  return {
    async storeInstallation(installation) {
      const key = installKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      // A token refresh stores again: keep the first install time.
      const before = await kv.get<Stored>(key);
      await kv.set<Stored>(key, { ...installation, installedAt: before?.installedAt ?? now().toISOString() });
    },
    async fetchInstallation(query) {
      // An event from a workspace of an org-wide install finds the org's install.
      const direct = await kv.get<Stored>(keyOf(query));
      const found = direct ?? (query.enterpriseId && !query.isEnterpriseInstall ? await kv.get<Stored>(installKey({ enterpriseId: query.enterpriseId, isEnterpriseInstall: true })) : undefined);
      if (!found) throw new Error(`no Slack installation for ${query.isEnterpriseInstall ? `enterprise ${query.enterpriseId}` : `team ${query.teamId}`}`);
      return found;
    },
    async deleteInstallation(query) {
      await kv.delete(keyOf(query));
    },
    async summaries() {
      const out: InstallationSummary[] = [];
      for (const key of await kv.keys(PREFIX)) {
        const i = await kv.get<Stored>(key);
        if (!i) continue;
        out.push({
          team: i.team ? { id: i.team.id, name: i.team.name } : undefined,
          enterprise: i.enterprise ? { id: i.enterprise.id, name: i.enterprise.name } : undefined,
          orgWide: Boolean(i.isEnterpriseInstall),
          installedAt: i.installedAt,
          tokenRotation: Boolean(i.bot?.refreshToken && i.bot.expiresAt),
        });
      }
      return out;
    },
  };
}
