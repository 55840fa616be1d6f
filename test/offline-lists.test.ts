import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { sentencesOf, splitList, splitOutside } from '../src/understanding/offline/lists.ts';
import { normalise } from '../src/understanding/offline/text.ts';

// Lists, lifecycle tactics and the customer journey.

describe('lists', () => {
  const table: [string, string[]][] = [
    ['1) a, 2) b', ['a', 'b']],
    ['1. alpha\n2. beta', ['alpha', 'beta']],
    ['- alpha\n- beta', ['alpha', 'beta']],
    ['* alpha\n* beta', ['alpha', 'beta']],
    ['alpha\nbeta', ['alpha', 'beta']],
    ['a, b and c', ['a', 'b', 'c']],
    ['a, b, and c', ['a', 'b', 'c']],
    ['a; b', ['a', 'b']],
    ['a & b', ['a', 'b']],
    ['a as well as b', ['a', 'b']],
    ['a plus b', ['a', 'b']],
    ['our segments are students and teachers', ['students', 'teachers']],
    ['we have three segments: a, b, c', ['a', 'b', 'c']],
    ['mainly bakeries and cafés.', ['bakeries', 'cafés']],
    ['firms with 1,200 staff, shops', ['firms with 1,200 staff', 'shops']],
    ['teams of 20+ people and solo founders', ['teams of 20+ people', 'solo founders']],
    ['1) small firms, 5-10 people 2) large firms', ['small firms, 5-10 people', 'large firms']],
  ];
  it.each(table)('%s', (text, items) => expect(splitList(normalise(text))).toEqual(items));
});

describe('splitOutside and sentencesOf', () => {
  it('splits outside brackets and keeps each separator', () => {
    expect(splitOutside('a, b (c, d), e', /\s*,\s*/)).toEqual([
      { text: 'a', sep: '' },
      { text: 'b (c, d)', sep: ', ' },
      { text: 'e', sep: ', ' },
    ]);
    expect(splitOutside('no separator here', /\s*;\s*/)).toEqual([{ text: 'no separator here', sep: '' }]);
  });

  it.each([
    ['one. two! three? four', ['one', 'two', 'three', 'four']],
    ['kids (6-12, e.g. pupils. mostly local) and parents. teachers', ['kids (6-12, e.g. pupils. mostly local) and parents', 'teachers']],
    ['families, esp. with small kids. offices', ['families, esp. with small kids', 'offices']],
    ['churn 4.5% now. ok', ['churn 4.5% now', 'ok']],
    ['line one\nline two', ['line one', 'line two']],
    ['dog owners, cat owners... basically pet owners', ['dog owners, cat owners', 'basically pet owners']],
  ])('%s', (text, want) => expect(sentencesOf(normalise(text))).toEqual(want));
});

describe('lifecycle', () => {
  const table: [string, { acquisition: string[]; retention: string[]; growth: string[] }][] = [
    [
      'referral program and content to win; onboarding emails and the forum to keep; a premium tier to grow',
      { acquisition: ['referral program', 'content'], retention: ['onboarding emails', 'forum'], growth: ['premium tier'] },
    ],
    [
      'direct sales and events to win; quarterly reviews and the account manager to keep; add-on services to grow',
      { acquisition: ['direct sales', 'events'], retention: ['quarterly reviews', 'account manager'], growth: ['add-on services'] },
    ],
    [
      'referrals to win, onboarding emails to keep them, premium tier to grow',
      { acquisition: ['referrals'], retention: ['onboarding emails'], growth: ['premium tier'] },
    ],
    ['win: SEO. keep: newsletters. grow: add-ons.', { acquisition: ['SEO'], retention: ['newsletters'], growth: ['add-ons'] }],
    [
      'To win them we run webinars\nTo retain them: a loyalty program\nTo upsell: bundles',
      { acquisition: ['webinars'], retention: ['loyalty program'], growth: ['bundles'] },
    ],
    [
      'Acquisition - partnerships with schools; retention - monthly check-ins; growth - cross-sell workshops',
      { acquisition: ['partnerships with schools'], retention: ['monthly check-ins'], growth: ['workshops'] },
    ],
    // No cue words: known tactics say where they belong.
    [
      'Google ads, webinars, a loyalty program, surveys and bundles',
      { acquisition: ['Google ads', 'webinars'], retention: ['loyalty program', 'surveys'], growth: ['bundles'] },
    ],
    ['seasonal campaigns and a premium plan', { acquisition: [], retention: [], growth: ['seasonal campaigns', 'premium plan'] }],
  ];
  it.each(table)('%s', (answer, want) => expect(offlineExtract('lifecycle', answer, {})).toMatchObject(want));

  it('keeps what it cannot place as a note, and nothing for a vague answer', () => {
    expect(offlineExtract('lifecycle', 'magic beans', {}).notes).toBe('magic beans');
    expect(offlineExtract('lifecycle', 'hmm, not sure yet', {})).toEqual({ acquisition: [], retention: [], growth: [], notes: 'not sure yet' });
  });
});

describe('touchpoints', () => {
  it('reads ordered steps with arrows', () => {
    expect(offlineExtract('touchpoints', 'visits the website → makes an enquiry → first meeting', {}).touchpoints.map((t) => t.step)).toEqual([
      'visits the website',
      'makes an enquiry',
      'first meeting',
    ]);
    expect(offlineExtract('touchpoints', 'visits the website -> books a demo', {}).touchpoints).toHaveLength(2);
  });

  it('reads think/feel and owners', () => {
    const { touchpoints } = offlineExtract(
      'touchpoints',
      'visits the website (should feel reassured) → makes an enquiry, handled by sales → first meeting, they should feel safe and heard',
      {},
    );
    expect(touchpoints).toEqual([
      { step: 'visits the website', thinkFeel: 'should feel reassured', owner: null },
      { step: 'makes an enquiry', thinkFeel: '', owner: 'sales' },
      { step: 'first meeting', thinkFeel: 'they should feel safe and heard', owner: null },
    ]);
  });

  it.each([
    ['visits the website, then a demo call (should feel understood), then onboarding workshop', ['visits the website', 'demo call', 'onboarding workshop']],
    ['1. finds us on Google\n2. books a call (owner: Maya)\n3. proposal - should feel confident\n4. invoice via the CRM', ['finds us on Google', 'books a call', 'proposal', 'invoice']],
    ['website, enquiry, meeting, proposal, delivery and invoice', ['website', 'enquiry', 'meeting', 'proposal', 'delivery', 'invoice']],
    ['skip', []],
  ])('%s', (answer, steps) => expect(offlineExtract('touchpoints', answer, {}).touchpoints.map((t) => t.step)).toEqual(steps));

  it('names owners given in brackets or by "via"', () => {
    const t = offlineExtract('touchpoints', '1. books a call (owner: Maya)\n2. invoice via the CRM', {}).touchpoints;
    expect(t.map((x) => x.owner)).toEqual(['Maya', 'CRM']);
  });
});
