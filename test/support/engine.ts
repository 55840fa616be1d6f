import { createEngine, type EngineDeps } from '../../src/core/engine.ts';
import type { Reply } from '../../src/core/reply.ts';
import type { ConversationKey, Turn } from '../../src/core/turn.ts';
import { designDialog } from '../../src/dialogs/design/dialog.ts';
import { createOfflineSummariser } from '../../src/understanding/offline/index.ts';
import { createStores } from '../../src/store/index.ts';
import { silentLogger } from '../../src/log.ts';
import { testRedisUrl, uniquePrefix } from './redis.ts';

// A real engine on real stores (memory or Redis) with the offline summariser, and a
// small driver that speaks to it the way an adapter would.

export type StoreKind = 'memory' | 'redis';

export async function makeEngine(kind: StoreKind, opts: { prefix?: string } & Partial<EngineDeps> = {}) {
  const prefix = opts.prefix ?? uniquePrefix();
  const stores = await createStores({ redisUrl: kind === 'redis' ? testRedisUrl() : undefined, prefix, log: silentLogger });
  const engine = createEngine({
    store: stores.kv,
    lock: stores.lock,
    summariser: opts.summariser ?? createOfflineSummariser(),
    dialog: designDialog,
    log: silentLogger,
    ...opts,
  });
  return { engine, stores, prefix };
}

let seq = 0;
export function turn(key: ConversationKey, text: string, extra: Partial<Turn> = {}): Turn {
  return { key, author: { id: 'U1', name: 'Maya' }, text, messageId: `m${++seq}-${Date.now()}`, receivedAt: new Date(), ...extra };
}

export const terminalKey = (thread = uniquePrefix()): ConversationKey => ({ platform: 'terminal', workspace: 'local', channel: 'terminal', thread });

/** All the text a person would read in these replies, for assertions. */
export function said(replies: Reply[]): string {
  return replies
    .map((r) => {
      switch (r.kind) {
        case 'text':
          return r.text;
        case 'choices':
          return `${r.text} ${r.options.map((o) => o.label).join(' ')}`;
        case 'confirm':
          return r.text;
        case 'card':
          return [r.title, ...r.sections.flatMap((s) => [s.heading, ...s.lines, ...s.notes.map((n) => n.text)]), r.footer ?? ''].join('\n');
        case 'file':
          return r.content;
      }
    })
    .join('\n');
}

/** The answers of conversation.md's example, two segments, in order. */
export const TWO_SEGMENT_SCRIPT = [
  "let's work on our customer relationships",
  'A project-management app for creative work, priced per seat.',
  'freelance designers, and small agencies of 5-20 people',
  'low touch, they just want to sign up and go. same as every SaaS tool.',
  'docs and tutorials, plus a forum where users help each other',
  'referral program and content to win; onboarding emails and the forum to keep; a premium tier to grow',
  'almost nothing, they pay $12/month',
  'skip',
  'skip',
  'high touch, agencies expect a named contact',
  'a dedicated account manager for each agency, long-term contracts',
  'direct sales and events to win; quarterly reviews and the account manager to keep; add-on services to grow',
  'the account manager costs us $300 of the $400 each agency pays per month',
  'visits the website, then a demo call (should feel understood), then onboarding workshop',
  'competitors give email support only; we can do a personal first sale then automated support',
];
