import { afterEach, describe, expect, it } from 'vitest';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import type { ChoicesReply, Reply } from '../src/core/reply.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// An unsure reading (a cost worked out with arithmetic, an odd segment list) is stored,
// shown back with its working and confirmed with two buttons; a fix re-asks only that part.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup() {
  const made = await makeEngine('memory');
  closers.push(() => made.stores.close());
  const key = terminalKey();
  const send = (text: string) => made.engine.handle(turn(key, text));
  const press = (value: string) => made.engine.handle(turn(key, '', { choice: { value } }));
  const session = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
  return { send, press, session };
}

const TO_COST = [
  'hi',
  'Maison Vela, a small high end jewellery boutique in Lyon',
  'high net worth regulars',
  'high touch, they expect to be known by name',
  'a named advisor for each regular, and handwritten cards on their birthday',
  'referrals from other regulars to win, private evenings to keep them, matching pieces to grow',
];

const ADVISOR =
  'each senior advisor costs us about €5,500 a month all in and looks after roughly 60 regulars. a regular spends around €12k a year with us';

const buttons = (replies: Reply[]) => replies.find((r): r is ChoicesReply => r.kind === 'choices');

async function atCost() {
  const s = await setup();
  for (const line of TO_COST) await s.send(line);
  return s;
}

describe('confirming an unsure cost reading', () => {
  it('shows the arithmetic, stores the reading and waits for a yes before moving on', async () => {
    const { send, press, session } = await atCost();
    const asked = await send(ADVISOR);
    expect(said(asked)).toMatch(/60/);
    expect(said(asked)).toMatch(/€12,000 a year/);
    expect(buttons(asked)?.options.map((o) => o.label)).toEqual(["Yes, that's right", 'Let me fix it']);
    const before = await session();
    const cost = before.design.segments[0]!.cost;
    expect(cost.relationship?.value).toBeCloseTo(91.67, 1);
    expect(cost.relationship?.per).toBe('month');
    expect(cost.revenue).toEqual({ value: 12000, per: 'year' });
    expect(before.cursor).toMatchObject({ step: 'cost', confirm: { kind: 'cost', fix: null } });

    const next = await press("yes, that's right");
    expect(said(next)).toMatch(/journey/i);
    const after = await session();
    expect(after.cursor.step).toBe('touchpoints');
    expect(after.design.segments[0]!.cost.revenue).toEqual({ value: 12000, per: 'year' });
  });

  it('"Let me fix it" asks which number, then re-asks only that one', async () => {
    const { send, press, session } = await atCost();
    await send(ADVISOR);
    const which = await press('let me fix it');
    expect(buttons(which)?.options.map((o) => o.value)).toEqual(['fix relationship', 'fix revenue']);
    expect(said(await press('fix relationship'))).toMatch(/cost per customer/i);
    const done = await send('about €100 a month per regular');
    expect(said(done)).toMatch(/€100 a month/);
    expect(said(done)).toMatch(/journey/i);
    const cost = (await session()).design.segments[0]!.cost;
    expect(cost.relationship).toEqual({ value: 100, per: 'month' });
    expect(cost.revenue).toEqual({ value: 12000, per: 'year' });
  });

  it('an answer with no amount while fixing keeps asking for the number', async () => {
    const { send, press, session } = await atCost();
    await send(ADVISOR);
    await press('let me fix it');
    await press('fix revenue');
    expect(said(await send('hmm let me think'))).toMatch(/could not find an amount/i);
    expect((await session()).cursor).toMatchObject({ step: 'cost', confirm: { kind: 'cost', fix: 'revenue' } });
  });

  it('a corrected answer typed instead of a button replaces the reading without asking again', async () => {
    const { send, session } = await atCost();
    await send(ADVISOR);
    const next = await send('no, the advisor works out at about €70 per regular a month, and a regular pays us €900 a month');
    expect(said(next)).toMatch(/journey/i);
    const cost = (await session()).design.segments[0]!.cost;
    expect(cost.relationship).toEqual({ value: 70, per: 'month' });
  });

  it('takes an amount said outright without a confirmation', async () => {
    const { send, session } = await atCost();
    const next = await send('the account manager costs us $300 of the $400 each client pays per month');
    expect(buttons(next)).toBeUndefined();
    expect(said(next)).toMatch(/journey/i);
    expect((await session()).design.segments[0]!.cost.relationship).toEqual({ value: 300, per: 'month' });
  });
});

describe('confirming an odd segment list', () => {
  it('shows a long list back with buttons before any segment question, and a fix re-asks the list', async () => {
    const { send, press, session } = await setup();
    await send('hi');
    await send('a marketplace for second hand furniture, buyers and sellers on two sides');
    const asked = await send('students, young families, interior designers, antique dealers, house clearance firms, hotels, brands');
    expect(buttons(asked)?.options.map((o) => o.label)).toEqual(["Yes, that's right", 'Let me fix it']);
    expect((await session()).cursor).toMatchObject({ step: 'segments', confirm: { kind: 'segments' } });

    expect(said(await press('let me fix it'))).toMatch(/list as it should be/i);
    const next = await send('young families, antique dealers');
    expect(said(next)).toMatch(/Young families/);
    expect(said(next)).toMatch(/expect/i);
    expect((await session()).design.segments.map((s) => s.name)).toEqual(['Young families', 'Antique dealers']);
  });

  it('a short plain list goes straight on', async () => {
    const { send } = await setup();
    await send('hi');
    await send('a project-management app for creative work');
    const next = await send('freelance designers, small agencies');
    expect(buttons(next)?.options.map((o) => o.label)).toContain('High touch');
  });
});

describe('designs stored before version 2', () => {
  it('are read in the version-2 shape, monthly amounts kept', async () => {
    const made = await makeEngine('memory');
    closers.push(() => made.stores.close());
    const key = terminalKey();
    const first = await made.engine.handle(turn(key, 'hi'));
    expect(said(first)).toMatch(/business/i);
    const k = sessionKey(conversationId(key));
    const stored = (await made.stores.kv.get<Record<string, unknown>>(k))!;
    const v1 = structuredClone(stored) as { design: Record<string, unknown> };
    v1.design.version = 1;
    v1.design.segments = [
      {
        id: 'shops',
        name: 'Shops',
        description: null,
        reach: null,
        expected: { touch: null, industryNorm: null, breakNorm: null },
        relationship: { types: [], nature: null, touch: null, intimacy: null, proactive: false, emotional: false },
        lifecycle: { acquisition: { tactics: [], notes: null }, retention: { tactics: [], notes: null }, growth: { tactics: [], notes: null } },
        cost: { level: 'medium', monthlyCostPerCustomer: 20, revenuePerCustomer: 90, currency: 'EUR', notes: null },
        touchpoints: [],
        competitors: null,
        rationale: null,
      },
    ];
    await made.stores.kv.set(k, v1);
    const out = await made.engine.handle(turn(key, 'export json'));
    const file = out.find((r) => r.kind === 'file');
    const design = JSON.parse(file && 'content' in file ? file.content : '{}');
    expect(design.version).toBe(2);
    expect(design.segments[0].cost).toEqual({
      level: 'medium',
      currency: 'EUR',
      relationship: { value: 20, per: 'month' },
      revenue: { value: 90, per: 'month' },
      acquisition: null,
      notes: null,
    });
  });
});
