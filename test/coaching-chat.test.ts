import { afterEach, describe, expect, it } from 'vitest';
import { RelationshipDesign } from '../src/core/design.ts';
import type { Reply } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { rapport } from './support/cli.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// The coach in a whole conversation: a finding with the team's break-even right after the cost
// answer, before the next segment starts; a summary that leads with the three findings that
// matter most; and a design that still takes few messages, each of them short.

/** A dog-walking marketplace whose paying side loses money and whose free side costs money too. */
const TWO_SIDED_LOSS = [
  'A marketplace that connects dog owners with local dog walkers. Two-sided: owners pay, walkers use it for free.',
  'dog owners, and dog walkers',
  'medium touch, owners want a person when something goes wrong',
  'personal help by phone plus an app, a long-term subscription, direct',
  'referrals to win them; a weekly walk report to keep them; premium walks to grow',
  'support costs us €25 a month per owner, and an owner pays €20 a month',
  'skip',
  'skip',
  'low touch, walkers just want jobs in the app',
  'self-service in the app and a walkers community, long-term, direct',
  'local flyers to win; steady bookings to keep; training badges to grow',
  'keeping a walker costs us €5 a month, they pay nothing',
  'skip',
  'skip',
];

describe('rapport chat, piped: a two-sided design with a loss-making paying side', () => {
  it('raises the break-even before the next side starts, and the summary leads with the top three', async () => {
    const { code, out, err } = await rapport(['chat'], { input: `${TWO_SIDED_LOSS.join('\n')}\nexport json\n` });
    expect(err).toBe('');
    expect(code).toBe(0);

    const breakEven = out.indexOf('Break-even (from your figures): customers paying at least €25 a month');
    const nextSide = out.indexOf('Now Dog walkers');
    expect(breakEven).toBeGreaterThan(0);
    expect(nextSide).toBeGreaterThan(breakEven);
    // ...and it came right after the cost answer, not with the journey question.
    expect(out.lastIndexOf('Noted: cost', breakEven)).toBeGreaterThan(out.lastIndexOf('Walk me through', breakEven));

    const summary = out.slice(out.indexOf("Here's your Customer Relationships block"));
    const lead = summary.indexOf('The 3 things that matter most');
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(summary.indexOf('\nDog owners\n'));
    const top = summary.slice(lead, summary.indexOf('\nBusiness\n')).split('\n').filter((l) => /^\s+[⚠ℹ]/.test(l));
    expect(top).toHaveLength(3);
    expect(top[0]).toMatch(/Dog owners: .*Break-even/);
    expect(top[1]).toMatch(/Dog walkers: .*free side.*already lose €5 a month each/);

    const json = out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1);
    const design = RelationshipDesign.parse(JSON.parse(json));
    expect(design.business.twoSided).toBe(true);
    expect(design.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['cost_exceeds_revenue', 'cross_subsidy']));
  }, 60_000);
});

/** Two segments, every question answered in full, the new questions included. */
const FULL_ANSWERS = [
  'We run a family-owned bike repair shop since 2012 and now sell a repair plan to commuters and to delivery companies.',
  'commuters, and delivery companies',
  'low touch, commuters want to book online. The norm is walk-in repairs; we break it because nobody has time to wait. Today they walk in and they are mostly happy.',
  'self-service booking and automated reminders, direct, long-term subscription',
  'referrals from happy riders and Instagram to win; service reminders to keep; accessories to grow. We will pilot it with 20 commuters first.',
  'it costs us €2 a month per rider and they pay €9 a month',
  'books online (should feel easy), drops the bike (quick), gets it back (relieved)',
  'other shops offer walk-in repairs only; we are faster and book online',
  'high touch, delivery companies expect a named contact',
  'a dedicated account manager who checks in each month and sends thank-you notes at renewal, direct, long-term contracts',
  'direct sales and referrals to win; monthly fleet reports to keep; more bikes to grow. Test it with three fleets first.',
  'the account manager costs us €400 a month per company, and a company pays €1,500 a month',
  'first call (understood), fleet check (in good hands), monthly report (in control)',
  'big chains give a call centre; we give one person who knows their fleet',
];

const MAX_TEAM_MESSAGES = 16;
const MAX_CHARS = 600;

/** The text a person reads in one reply; a card or a file is the summary or an export. */
const textOf = (r: Reply) => (r.kind === 'card' || r.kind === 'file' ? null : said([r]));

describe('conversation economy', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  it(`a two-segment design answered in full takes at most ${MAX_TEAM_MESSAGES} messages, each bot message at most ${MAX_CHARS} characters`, async () => {
    const made = await makeEngine('memory');
    closers.push(() => made.stores.close());
    const key = terminalKey();
    // The opening message counts as one of the team's.
    const replies: Reply[] = [...(await made.engine.handle(turn(key, "let's work on our customer relationships")))];
    let sent = 1;
    for (const line of FULL_ANSWERS) {
      const got = await made.engine.handle(turn(key, line));
      sent++;
      replies.push(...got);
      if (got.some((r) => r.kind === 'card')) break;
    }
    expect(replies.some((r) => r.kind === 'card')).toBe(true);
    expect(sent).toBeLessThanOrEqual(MAX_TEAM_MESSAGES);
    const long = replies.map(textOf).filter((t): t is string => t !== null && t.length > MAX_CHARS);
    expect(long).toEqual([]);

    // The answers to the new questions landed in the design.
    const session = Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
    const [commuters, fleets] = session.design.segments;
    expect(commuters!.lifecycle.acquisition.notes).toMatch(/^Test first: .*pilot it with 20 commuters/i);
    expect(commuters!.lifecycle.acquisition.tactics.join(' ')).toMatch(/referrals/);
    expect(fleets!.lifecycle.acquisition.notes).toMatch(/^Test first: .*three fleets/i);
    expect(fleets!.reach).toBe('direct');
    expect(fleets!.relationship.nature).toBe('long_term');
    expect(fleets!.relationship.proactive).toBe(true);
    expect(fleets!.relationship.emotional).toBe(true);
    // A norm broken with a reason and a test planned needs no remark about either.
    expect(commuters!.rationale).toMatch(/nobody has time to wait/);
    const codes = session.design.findings.map((f) => f.code);
    expect(codes).not.toContain('norm_break_untested');
    expect(codes).not.toContain('norm_break_unexplained');
  });
});
