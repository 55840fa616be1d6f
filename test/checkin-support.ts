import { newSegment, type RelationshipDesign } from '../src/core/design.ts';
import type { ExtractionOf } from '../src/core/extraction.ts';
import type { EngineModule, TurnContext } from '../src/core/module.ts';
import type { ChannelAddress, KeyValueStore, Messenger, OnceGuard } from '../src/core/ports.ts';
import type { Reply } from '../src/core/reply.ts';
import { newSession, sessionKey, type Session } from '../src/core/session.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { conversationId, type ConversationKey, type Turn } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { createCheckinScheduler, type CheckinScheduler } from '../src/checkins/scheduler.ts';
import { testRedisUrl } from './support/redis.ts';

// Shared fixtures for the check-in tests: a design with a retention plan, a fake
// messenger that records posts, a summariser double, and a TurnContext builder.

export function planDesign(now = new Date('2026-11-01T10:00:00Z')): RelationshipDesign {
  const free = newSegment('Freelance designers', []);
  free.lifecycle.retention.tactics = ['onboarding emails', 'a loyalty program'];
  free.relationship.types = ['self_service', 'community'];
  free.cost.level = 'low';
  const agencies = newSegment('Agencies', [free.id]);
  agencies.lifecycle.retention.tactics = ['quarterly review call'];
  agencies.relationship.types = ['dedicated_personal_assistance'];
  agencies.cost.level = 'high';
  return {
    version: 2,
    business: { description: 'Pixelbox: a design asset marketplace', twoSided: false },
    segments: [free, agencies],
    findings: [
      { segmentId: agencies.id, code: 'touch_below_expectation', severity: 'info', message: 'Agencies expect a little more contact' },
      { segmentId: free.id, code: 'community_not_seeded', severity: 'warning', message: 'The community for Freelance designers has nobody to start it' },
    ],
    updatedAt: now.toISOString(),
  };
}

export async function storeDesign(kv: KeyValueStore, key: ConversationKey, design: RelationshipDesign): Promise<Session> {
  const session = { ...newSession(new Date(design.updatedAt)), design };
  await kv.set(sessionKey(conversationId(key)), session);
  return session;
}

export const slackKey = (channel = 'C1', thread = '1700000000.000100', workspace = 'T1'): ConversationKey => ({
  platform: 'slack',
  workspace,
  channel,
  thread,
});

export interface Post {
  kind: 'thread' | 'reply';
  channel: ChannelAddress;
  key: ConversationKey;
  replies: Reply[];
  at: number;
}

/** failures: how many of the next startThread calls throw, as a platform outage would. */
export function fakeMessenger(): Messenger & { posts: Post[]; failures: number } {
  const posts: Post[] = [];
  let n = 0;
  return {
    posts,
    failures: 0,
    async startThread(channel, replies) {
      if (this.failures > 0) {
        this.failures--;
        throw new Error('platform down');
      }
      const key = { ...channel, thread: `th-${++n}-${Date.now()}` };
      posts.push({ kind: 'thread', channel, key, replies, at: Date.now() });
      return key;
    },
    async post(key, replies) {
      posts.push({ kind: 'reply', channel: { platform: key.platform, workspace: key.workspace, channel: key.channel }, key, replies, at: Date.now() });
    },
  };
}

type CheckinData = ExtractionOf<'checkin'>;

/** Mentions of planned tactics count as run; everything else is left to the caller's script. */
export function summariserDouble(script: (answer: string) => Partial<CheckinData> = () => ({})): Summariser & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'double',
    calls,
    async extract(req) {
      calls.push(req.answer);
      const planned = req.context.plannedTactics ?? [];
      const data: CheckinData = {
        tacticsRun: planned.filter((t) => req.answer.toLowerCase().includes(t.toLowerCase())),
        tacticsNotRun: [],
        metrics: [],
        learned: null,
        next: null,
        mood: null,
        ...script(req.answer),
      };
      return { data, via: 'offline' } as never;
    },
  };
}

export function turnOf(key: ConversationKey, textSaid: string, author: { id: string; name?: string } = { id: 'U1', name: 'Maya' }): Turn {
  return { key, author, text: textSaid, receivedAt: new Date(), messageId: `m-${Math.random()}` };
}

export async function ctxFor(
  kv: KeyValueStore,
  key: ConversationKey,
  said: string,
  opts: { summariser?: Summariser; now?: Date; author?: { id: string; name?: string } } = {},
): Promise<TurnContext> {
  const conversation = conversationId(key);
  const stored = await kv.get<Session>(sessionKey(conversation));
  const ctx: TurnContext = {
    turn: turnOf(key, said, opts.author),
    conversation,
    session: stored ?? newSession(opts.now ?? new Date()),
    setSession(next) {
      ctx.session = next;
    },
    store: kv,
    summariser: opts.summariser ?? summariserDouble(),
    clock: { now: () => opts.now ?? new Date() },
    log: silentLogger,
    moduleExports: async () => [],
  };
  return ctx;
}

/** What the engine does with a module: commands first, then the intercept. */
export async function say(module: EngineModule, ctx: TurnContext): Promise<Reply[]> {
  const said = ctx.turn.text.trim();
  for (const c of module.commands) {
    const args = c.match(said);
    if (args) return c.run(ctx, args);
  }
  return (await module.intercept?.(ctx)) ?? [];
}

export function said(replies: Reply[]): string {
  return replies
    .map((r) => {
      switch (r.kind) {
        case 'text':
        case 'confirm':
          return r.text;
        case 'choices':
          return `${r.text} ${r.options.map((o) => o.label).join(' | ')}`;
        case 'card':
          return [r.title, ...r.sections.flatMap((s) => [s.heading, ...s.lines, ...s.notes.map((n) => n.text)]), r.footer ?? ''].join('\n');
        case 'file':
          return `[file ${r.filename}]`;
      }
    })
    .join('\n');
}

export const waitFor = async (cond: () => boolean, ms: number, step = 50) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, step));
  return cond();
};

/** A scheduler on the test Redis with its own queue and keys, posting to the given Slack messenger. */
export function testScheduler(stores: { kv: KeyValueStore; once: OnceGuard }, messenger: Messenger, prefix: string, extra: { lateAfterMs?: number } = {}): CheckinScheduler {
  return createCheckinScheduler({
    redisUrl: testRedisUrl(),
    kv: stores.kv,
    once: stores.once,
    messengers: { slack: messenger },
    log: silentLogger,
    queueName: `q-${prefix}`,
    prefix: `bull-${prefix}`,
    ...extra,
  });
}
