import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { normStance } from '../src/understanding/offline/stance.ts';

// Through the offline entry point, so answers are normalised as in the app (curly quotes, dashes).
const readLifecycle = (text: string) => offlineExtract('lifecycle', text);
const readExpectations = (text: string) => offlineExtract('expectations', text);
const readRelationship = (text: string) => offlineExtract('relationship', text);
const some = (list: readonly string[], re: RegExp) => list.some((t) => re.test(t));

describe('lifecycle clauses', () => {
  it('gives each clause of a run-on sentence its own stage', () => {
    const r = readLifecycle('we get them via instagram and walk-ins, keep them with a loyalty card and anniversary reminders, upsell matching earrings');
    expect(some(r.acquisition, /instagram/)).toBe(true);
    expect(some(r.acquisition, /walk-ins/)).toBe(true);
    expect(some(r.retention, /loyalty card/)).toBe(true);
    expect(some(r.retention, /anniversary reminders/)).toBe(true);
    expect(r.growth).toEqual(['matching earrings']);
  });

  it('reads the stage from verbs, not only labels', () => {
    const r = readLifecycle('they find us through a podcast we sponsor. a monthly tasting night brings them back, and we cross-sell glassware');
    expect(some(r.acquisition, /podcast/)).toBe(true);
    expect(some(r.retention, /tasting night/)).toBe(true);
    expect(some(r.growth, /glassware/)).toBe(true);
    const s = readLifecycle('clients stay because the reports are great. we try to expand to their sister companies');
    expect(some(s.retention, /reports/)).toBe(true);
    expect(some(s.growth, /sister companies/)).toBe(true);
  });

  it.each([
    'for keeping them, not sure yet',
    'retention not sure yet honestly',
    'keep: no idea',
    'keep them: nothing yet',
    'honestly they don\u2019t come back',
  ])('stores no retention tactic for "%s" and keeps the hedge in notes', (text) => {
    const r = readLifecycle(text);
    expect(r.retention).toEqual([]);
    expect(r.notes).not.toBeNull();
  });

  it('leaves growth empty when upselling is not figured out', () => {
    const r = readLifecycle('word of mouth. people come back for the teacher. we haven\u2019t figured out upselling');
    expect(r.growth).toEqual([]);
    expect(some(r.retention, /teacher/)).toBe(true);
    expect(r.notes).toMatch(/upselling/);
  });

  it('drops a maybe-tactic when the team then says it does not exist yet', () => {
    const r = readLifecycle('keep them... maybe a loyalty app? we don\u2019t have one yet');
    expect(r.retention).toEqual([]);
  });

  it.each([
    ['es', 'atraemos clientes con tiktok, los fidelizamos con una tarjeta de puntos y les ofrecemos el pack premium', /tiktok/, /tarjeta/, /pack/],
    ['fr', 'on les attire avec des salons, on les fidélise avec une newsletter, et on leur propose la garantie', /salons/, /newsletter/, /garantie/],
    ['de', 'kunden gewinnen wir über messen, binden sie mit einem servicevertrag und verkaufen zubehör dazu', /messen/, /servicevertrag/, /zubehör/],
    ['pt', 'conquistamos clientes pelo instagram, fidelizar com cashback, e depois oferece o plano anual', /instagram/, /cashback/, /plano/],
  ])('reads the common verbs in %s', (_lang, text, acq, ret, grow) => {
    const r = readLifecycle(text);
    expect(some(r.acquisition, acq)).toBe(true);
    expect(some(r.retention, ret)).toBe(true);
    expect(some(r.growth, grow)).toBe(true);
  });
});

describe('norm stance', () => {
  it.each([
    ['we follow that norm, we do NOT want to break it', false],
    ["we're not trying to change that", false],
    ["we'll be the same as ebay", false],
    ['same as every SaaS tool', false],
    ["we won't fight it", false],
    ["we'll do the same", false],
    ['we want to be the opposite', true],
    ['we want to break that', true],
    ['unlike the big agencies, everything is in the app', true],
    ['no queremos cambiar eso', false],
    ['nous on veut casser ce modèle', true],
    ['den wollen wir nicht brechen', false],
    ['a gente vai fazer igual', false],
    ['customers expect a call every week', null],
  ] as const)('"%s" → %s', (text, want) => {
    expect(normStance(text)).toBe(want);
  });

  it('fills breakNorm and the expected touch in the expectations reading', () => {
    const r = readExpectations('dealers are used to a guy from the auction house calling them, very personal. we follow that norm, we do NOT want to break it');
    expect(r.breakNorm).toBe(false);
    expect(r.touch).toBe('high');
    const s = readExpectations('buyers want zero contact, just the parcel on time. we want to be the opposite: a note in every box');
    expect(s.breakNorm).toBe(true);
    expect(s.touch).toBe('low');
  });

  it('takes a bare level word as the touch even with other cues around', () => {
    expect(readExpectations('medium i guess - they want someone on chat but otherwise leave them alone').touch).toBe('medium');
    expect(readExpectations('hmm not sure. medium? never thought about it').touch).toBe('medium');
  });
});

describe('relationship clauses', () => {
  it('leaves out what the team says it does not do or killed', () => {
    const r = readRelationship('no account managers. they get a self-serve dashboard and a help center');
    expect(r.types).not.toContain('dedicated_personal_assistance');
    expect(r.types).toContain('self_service');
    const s = readRelationship("we DON'T do a community, tried it, dead. support is by email");
    expect(s.types).not.toContain('community');
    expect(s.types).toContain('personal_assistance');
  });

  it.each(['our producer phones every week', 'the account manager calls before renewal', 'a rep visits every pub once a month', 'their coach checks in after each session'])(
    'reads "%s" as proactive',
    (text) => {
      expect(readRelationship(text).proactive).toBe(true);
    },
  );

  it.each(['we send handwritten cards at christmas', 'the owner remembers their birthday', 'a birthday bottle for every landlord', 'thank-you notes after each order'])(
    'reads "%s" as an emotional gesture',
    (text) => {
      expect(readRelationship(text).emotional).toBe(true);
    },
  );

  it('reads personal onboarding then automated as hybrid intimacy', () => {
    expect(readRelationship('a personal onboarding call, then it is all automated').intimacy).toBe('hybrid');
  });

  it.each(['3 yr contracts with an SLA', 'they sign a yearly supply deal', 'monthly plan, help center for the rest'])('reads "%s" as long-term', (text) => {
    expect(readRelationship(text).nature).toBe('long_term');
  });
});
