import type { KeyValueStore } from '../../core/ports.ts';
import { Session, sessionKey } from '../../core/session.ts';
import { parseConversationId } from '../../core/turn.ts';
import type { Logger } from '../../log.ts';
import type { Block } from './render/blocks.ts';
import { clip, escapeSlack } from './render/mrkdwn.ts';
import type { SlackWeb } from './send.ts';

// The App Home tab: the designs of this workspace in conversations the viewer belongs
// to, newest first, each with its last update and next check-in.

const MAX_LISTED = 25; // Home views take 100 blocks; a few per design.

export type NextCheckIn = (conversation: string) => Promise<Date | null>;

interface Listed {
  channel: string;
  thread: string;
  title: string;
  segments: string[];
  updatedAt: string;
  next: Date | null;
}

const when = (iso: string) => {
  const secs = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(secs) ? `<!date^${secs}^{date_short_pretty} at {time}|${iso}>` : iso;
};

/** Every visible design, newest first; homeBlocks decides how many fit. */
export async function listDesigns(opts: {
  kv: KeyValueStore;
  team: string;
  visible: Set<string>;
  nextCheckIn?: NextCheckIn;
}): Promise<Listed[]> {
  const prefix = sessionKey(`slack:${encodeURIComponent(opts.team)}:`);
  const keys = await opts.kv.keys(prefix);
  const found: Listed[] = [];
  for (const stored of keys) {
    const at = stored.indexOf(prefix);
    const conversation = stored.slice(at + 'session:'.length);
    const key = parseConversationId(conversation);
    if (!key || !opts.visible.has(key.channel)) continue;
    const parsed = Session.safeParse(await opts.kv.get(sessionKey(conversation)));
    if (!parsed.success) continue;
    const { design } = parsed.data;
    found.push({
      channel: key.channel,
      thread: key.thread,
      title: design.business.description ?? 'A design in progress',
      segments: design.segments.map((s) => s.name),
      updatedAt: design.updatedAt,
      next: (await opts.nextCheckIn?.(conversation)) ?? null,
    });
  }
  return found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export function homeBlocks(designs: Listed[]): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Rapport: your customer relationship designs' } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Mention @Rapport in a channel or type `/rapport` to start a design; everyone in the thread can answer.' }],
    },
  ];
  if (designs.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No designs yet in the channels you are in.' } });
    return blocks;
  }
  for (const d of designs.slice(0, MAX_LISTED)) {
    const segs = d.segments.length ? d.segments.map(escapeSlack).join(', ') : 'no segments yet';
    const next = d.next ? when(d.next.toISOString()) : 'none scheduled';
    blocks.push(
      { type: 'divider' },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`*${escapeSlack(d.title)}*\n<#${d.channel}> · ${segs}\nUpdated ${when(d.updatedAt)} · next check-in: ${next}`, 3000) },
      },
    );
  }
  const hidden = designs.length - MAX_LISTED;
  if (hidden > 0) {
    // Never drop designs silently: say how many are left out and where they are.
    const more = `…and ${hidden} older ${hidden === 1 ? 'design' : 'designs'} not shown here. Each is in its own thread; type \`summary\` there to see it.`;
    blocks.push({ type: 'divider' }, { type: 'context', elements: [{ type: 'mrkdwn', text: more }] });
  }
  return blocks;
}

export async function publishHome(opts: {
  web: SlackWeb;
  kv: KeyValueStore;
  team: string;
  user: string;
  nextCheckIn?: NextCheckIn;
  log: Logger;
}): Promise<void> {
  const visible = await opts.web.memberOf(opts.user);
  const designs = await listDesigns({ kv: opts.kv, team: opts.team, visible, nextCheckIn: opts.nextCheckIn });
  await opts.web.publishHome(opts.user, homeBlocks(designs));
}
