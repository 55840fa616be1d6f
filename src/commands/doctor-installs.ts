import type { Config } from '../config.ts';
import { slackOAuthConfigured } from '../config.ts';
import type { KeyValueStore } from '../core/ports.ts';
import { feedbackCounts } from '../core/feedback.ts';
import { createInstallationStore } from '../adapters/slack/installations.ts';
import { silentLogger } from '../log.ts';
import { createStores } from '../store/index.ts';

// The part of `rapport doctor` that reads the store: Slack installs (never their tokens)
// and how people rated findings and coach answers.

export async function storeReport(kv: KeyValueStore, oauth: boolean): Promise<string[]> {
  const lines: string[] = [];
  if (oauth) {
    const installs = await createInstallationStore(kv).summaries();
    lines.push(`Slack installations: ${installs.length}`);
    for (const i of installs) {
      const who = i.orgWide ? `org-wide in ${i.enterprise?.name ?? ''} (${i.enterprise?.id})` : `${i.team?.name ?? ''} (${i.team?.id})${i.enterprise ? `, enterprise ${i.enterprise.id}` : ''}`;
      lines.push(`  - ${who.trim()}; installed ${i.installedAt ?? 'at an unknown time'}; token rotation ${i.tokenRotation ? 'yes' : 'no'}`);
    }
  }
  const counts = Object.entries(await feedbackCounts(kv));
  lines.push(counts.length ? 'Feedback (👍/👎):' : 'Feedback: none yet.');
  for (const [code, c] of counts.sort(([a], [b]) => a.localeCompare(b))) lines.push(`  - ${code}: ${c.good} good, ${c.bad} bad`);
  return lines;
}

/** Reads the configured store; undefined when there is no Redis or it does not answer. */
export async function storeReportFor(config: Config): Promise<string[] | undefined> {
  if (!config.REDIS_URL) return undefined;
  const stores = await createStores({ redisUrl: config.REDIS_URL, prefix: config.RAPPORT_KEY_PREFIX, log: silentLogger }).catch(() => undefined);
  if (!stores) return undefined;
  try {
    return await storeReport(stores.kv, slackOAuthConfigured(config));
  } catch {
    return undefined;
  } finally {
    await stores.close();
  }
}
