import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../src/core/engine.ts';
import type { ExtractionOf, ExtractionStep } from '../src/core/extraction.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { conversationId } from '../src/core/turn.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { createStores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine, said, terminalKey, turn, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { uniquePrefix } from './support/redis.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function redisEngine(prefix: string, summariser?: Summariser) {
  const made = await makeEngine('redis', { prefix, ...(summariser ? { summariser } : {}) });
  closers.push(() => made.stores.close());
  return made;
}

// Stands in for the LLM at the port: a clear answer for whatever step is asked.
const CANNED: { [K in ExtractionStep]?: ExtractionOf<K> } = {
  business: { description: 'Tools for bakeries', twoSided: false },
  segments: { segments: ['Cafés', 'Hotels', 'Caterers'].map((name) => ({ name, description: null, reach: 'direct' as const })) },
  expectations: { touch: 'medium', industryNorm: null, breakNorm: null, rationale: null, today: null, happy: null },
  relationship: { types: ['personal_assistance'], nature: 'long_term', touch: 'medium', intimacy: 'hybrid', reach: 'direct', proactive: true, emotional: false },
  lifecycle: { acquisition: ['trade fairs'], retention: ['monthly visit'], growth: ['bundles'], notes: null },
  cost: { level: 'medium', relationship: { value: 20, per: 'month', working: null }, revenue: { value: 90, per: 'month', working: null }, acquisition: null, currency: 'EUR', notes: null, doubt: null },
  touchpoints: { touchpoints: [{ step: 'tasting', thinkFeel: 'delighted', owner: 'sales' }] },
  competitors: { relationship: 'catalogue ordering', advantage: 'a person who knows them' },
};
const canned: Summariser = { name: 'canned', extract: async (req) => ({ data: CANNED[req.step] as never, via: 'llm' }) };

describe('engine on Redis', () => {
  it('resumes a conversation after the process restarts', async () => {
    const prefix = uniquePrefix();
    const key = terminalKey();
    const first = await redisEngine(prefix);
    for (const line of TWO_SEGMENT_SCRIPT.slice(0, 5)) await first.engine.handle(turn(key, line));
    await first.stores.close();
    closers.length = 0;

    const second = await redisEngine(prefix);
    const replies = await second.engine.handle(turn(key, TWO_SEGMENT_SCRIPT[5]!));
    expect(said(replies)).toMatch(/cost you per customer/i);
    const s = Session.parse(await second.stores.kv.get(sessionKey(conversationId(key))));
    expect(s.design.segments[0]!.relationship.types).toContain('community');
  });

  it('20 concurrent turns on one conversation from two store instances all land, none twice', async () => {
    const prefix = uniquePrefix();
    const key = terminalKey();
    const a = await redisEngine(prefix, canned);
    const b = await redisEngine(prefix, canned);
    await a.engine.handle(turn(key, 'hello'));
    // Business, segments, then 3 segments × 6 steps: exactly 20 recorded answers.
    const turns = Array.from({ length: 20 }, (_, i) => turn(key, `answer ${i}`, { messageId: `c-${i}` }));
    const results = await Promise.all(turns.map((t, i) => (i % 2 ? a : b).engine.handle(t)));
    for (const r of results) expect(r.some((x) => x.kind === 'text' && x.tone === 'error')).toBe(false);

    const s = Session.parse(await a.stores.kv.get(sessionKey(conversationId(key))));
    const answered = s.history.filter((c) => c.messageId?.startsWith('c-'));
    expect(new Set(answered.map((c) => c.messageId)).size).toBe(20);
    expect(answered).toHaveLength(20);
    expect(s.seen.filter((id) => id.startsWith('c-'))).toHaveLength(20);
    expect(s.cursor.step).toBe('done');
    expect(s.design.segments.every((seg) => seg.competitors?.advantage === 'a person who knows them')).toBe(true);
  });

  it('says "try again" when Redis cannot be reached, and the process stays up', async () => {
    const stores = await createStores({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix(), log: silentLogger });
    closers.push(() => stores.close());
    const engine = createEngine({ store: stores.kv, lock: stores.lock, summariser: canned, dialog: designDialog, log: silentLogger });
    const replies = await engine.handle(turn(terminalKey(), 'hello'));
    expect(replies[0]).toMatchObject({ kind: 'text', tone: 'error' });
    expect(said(replies)).toMatch(/can't reach my storage.*send it again/i);
  });
});
