import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExtractionOf, ExtractionStep } from '../src/core/extraction.ts';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { warmUp } from '../src/understanding/offline/recognise.ts';
import { CorpusError, loadCorpus, parseCorpusFile, parseCorpusLine, type Expect } from '../src/understanding/eval/corpus.ts';
import { belowFloor, evaluate, figures, formatTable, raisedFloor, readFloor, writeFloor } from '../src/understanding/eval/evaluate.ts';
import { scoreExtraction } from '../src/understanding/eval/score.ts';

// The corpus eval: the scorer's rules per expect key, the corpus loader's errors, and the
// floor the offline summariser's field accuracy may not drop below.

const CORPUS = path.resolve(import.meta.dirname, 'fixtures/answers');

/** Each field's verdict, by field name. */
function verdicts<K extends ExtractionStep>(step: K, data: ExtractionOf<K>, want: Expect, context = {}) {
  return Object.fromEntries(scoreExtraction(step, data, want, context).map((f) => [f.field, f.right]));
}

const business = (description: string | null, twoSided: boolean | null = null) => ({ description, twoSided });
const segments = (...names: string[]) => ({ segments: names.map((name) => ({ name, description: null, reach: null })) });
const expectations = (touch: 'high' | 'medium' | 'low' | null, breakNorm: boolean | null) => ({ touch, industryNorm: null, breakNorm, rationale: null, today: null, happy: null });
const relationship = (over: Partial<ExtractionOf<'relationship'>> = {}): ExtractionOf<'relationship'> => ({
  types: [],
  nature: null,
  touch: null,
  intimacy: null,
  reach: null,
  proactive: null,
  emotional: null,
  ...over,
});
const lifecycle = (acquisition: string[], retention: string[], growth: string[]) => ({ acquisition, retention, growth, notes: null });
const cost = (over: Partial<ExtractionOf<'cost'>> = {}): ExtractionOf<'cost'> => ({
  level: null,
  currency: null,
  relationship: null,
  revenue: null,
  acquisition: null,
  notes: null,
  doubt: null,
  ...over,
});
const amount = (value: number, per: 'month' | 'year' | 'one_off') => ({ value, per, working: null });
const journey = (...feelings: string[]) => ({ touchpoints: feelings.map((thinkFeel, i) => ({ step: `step ${i + 1}`, thinkFeel, owner: null })) });
const competitors = (rel: string | null, advantage: string | null) => ({ relationship: rel, advantage });
const checkin = (over: Partial<ExtractionOf<'checkin'>> = {}): ExtractionOf<'checkin'> => ({
  tacticsRun: [],
  tacticsNotRun: [],
  metrics: [],
  learned: null,
  next: null,
  mood: null,
  ...over,
});
const metric = (name: string, value: number, over: { unit?: string; previous?: number; change?: number } = {}) => ({
  name,
  value,
  unit: over.unit ?? null,
  previous: over.previous ?? null,
  change: over.change ?? null,
});

describe('scoring one extraction', () => {
  it('descriptionHas: contained in any case', () => {
    expect(verdicts('business', business('Small Craft Brewery in Leeds'), { descriptionHas: 'brew' })).toEqual({ descriptionHas: true });
    expect(verdicts('business', business('a taproom in Leeds'), { descriptionHas: 'brew' })).toEqual({ descriptionHas: false });
    expect(verdicts('business', business(null), { descriptionHas: 'brew' })).toEqual({ descriptionHas: false });
  });

  it('equality keys: the field equals the value, null is not false', () => {
    expect(verdicts('business', business('x', true), { twoSided: true })).toEqual({ twoSided: true });
    expect(verdicts('business', business('x', null), { twoSided: false })).toEqual({ twoSided: false });
    expect(verdicts('expectations', expectations('high', true), { touch: 'high', breakNorm: true })).toEqual({ touch: true, breakNorm: true });
    expect(verdicts('expectations', expectations('medium', false), { touch: 'high', breakNorm: true })).toEqual({ touch: false, breakNorm: false });
    const rel = relationship({ nature: 'long_term', intimacy: 'personal', proactive: true, emotional: false, touch: 'low' });
    expect(verdicts('relationship', rel, { nature: 'long_term', intimacy: 'personal', proactive: true, emotional: false, touch: 'low' })).toEqual({
      nature: true,
      intimacy: true,
      proactive: true,
      emotional: true,
      touch: true,
    });
    expect(verdicts('relationship', relationship(), { proactive: false, emotional: false, nature: 'hybrid' })).toEqual({ proactive: false, emotional: false, nature: false });
  });

  it('breakNormNot: right unless breakNorm is true', () => {
    expect(verdicts('expectations', expectations(null, null), { breakNormNot: true })).toEqual({ breakNormNot: true });
    expect(verdicts('expectations', expectations(null, false), { breakNormNot: true })).toEqual({ breakNormNot: true });
    expect(verdicts('expectations', expectations(null, true), { breakNormNot: true })).toEqual({ breakNormNot: false });
  });

  it('names: one segment per entry, any order, no extras', () => {
    const want: Expect = { names: ['pub', 'online', 'taproom'] };
    expect(verdicts('segments', segments('Taproom visitors', 'Pubs & bars', 'Online buyers'), want)).toEqual({ names: true });
    expect(verdicts('segments', segments('Taproom visitors', 'Pubs & bars'), want)).toEqual({ names: false });
    expect(verdicts('segments', segments('Taproom visitors', 'Pubs & bars', 'Online buyers', 'Tourists'), want)).toEqual({ names: false });
    // One segment cannot stand for two entries.
    expect(verdicts('segments', segments('Online pub fans', 'Taproom visitors', 'Tourists'), want)).toEqual({ names: false });
  });

  it('types must be there, notTypes must not', () => {
    const rel = relationship({ types: ['self_service', 'community'] });
    expect(verdicts('relationship', rel, { types: ['community'], notTypes: ['personal_assistance'] })).toEqual({ types: true, notTypes: true });
    expect(verdicts('relationship', rel, { types: ['community', 'co_creation'], notTypes: ['self_service'] })).toEqual({ types: false, notTypes: false });
  });

  it('lifecycle: a tactic matches the pattern in any case; *Empty means no tactic', () => {
    const got = lifecycle(['Instagram ads', 'walk-ins'], [], ['matching Earrings']);
    expect(verdicts('lifecycle', got, { acquisition: 'insta|tiktok', growth: 'earring', retentionEmpty: true })).toEqual({
      acquisition: true,
      growth: true,
      retentionEmpty: true,
    });
    expect(verdicts('lifecycle', got, { acquisition: 'google', retention: 'loyal', growthEmpty: true, acquisitionEmpty: false })).toEqual({
      acquisition: false,
      retention: false,
      growthEmpty: false,
      acquisitionEmpty: true,
    });
  });

  it('amounts: the same amount in another period is right, one-off only equals one-off, null is nothing stored', () => {
    const got = cost({ relationship: amount(91.67, 'month'), revenue: amount(1000, 'month'), acquisition: amount(215, 'one_off') });
    expect(
      verdicts('cost', got, { relationship: { value: 5500 / 60, per: 'month' }, revenue: { value: 12000, per: 'year' }, acquisition: { value: 215, per: 'one_off' } }),
    ).toEqual({ relationship: true, revenue: true, acquisition: true });
    expect(
      verdicts('cost', got, { relationship: { value: 93, per: 'month' }, revenue: { value: 1000, per: 'one_off' }, acquisition: { value: 215, per: 'month' } }),
    ).toEqual({ relationship: false, revenue: false, acquisition: false });
    expect(verdicts('cost', cost({ revenue: amount(12, 'month') }), { revenue: null, relationship: null })).toEqual({ revenue: false, relationship: true });
    expect(verdicts('cost', cost(), { revenue: { value: 12, per: 'month' } })).toEqual({ revenue: false });
  });

  it('currency and level equal the value; a null currency means none read', () => {
    expect(verdicts('cost', cost({ currency: 'EUR', level: 'high' }), { currency: 'EUR', level: 'high' })).toEqual({ currency: true, level: true });
    expect(verdicts('cost', cost({ currency: 'GBP' }), { currency: 'EUR', level: 'low' })).toEqual({ currency: false, level: false });
    expect(verdicts('cost', cost(), { currency: null })).toEqual({ currency: true });
    expect(verdicts('cost', cost({ currency: 'USD' }), { currency: null })).toEqual({ currency: false });
  });

  it('steps counts touchpoints, felt counts those with a think/feel', () => {
    const got = journey('curious', '', 'relieved', '  ');
    expect(verdicts('touchpoints', got, { steps: 4, felt: 2 })).toEqual({ steps: true, felt: true });
    expect(verdicts('touchpoints', got, { steps: 5, felt: 4 })).toEqual({ steps: false, felt: false });
  });

  it('competitors: relationshipHas and advantageHas', () => {
    const got = competitors('Staff on COMMISSION push promos', null);
    expect(verdicts('competitors', got, { relationshipHas: 'commission', advantageHas: 'stones' })).toEqual({ relationshipHas: true, advantageHas: false });
  });

  it('empty: the step yields nothing, per step', () => {
    expect(verdicts('business', business(null), { empty: true })).toEqual({ empty: true });
    expect(verdicts('business', business('lunch'), { empty: true })).toEqual({ empty: false });
    expect(verdicts('segments', segments(), { empty: true })).toEqual({ empty: true });
    expect(verdicts('segments', segments('Haven’t mapped it'), { empty: true })).toEqual({ empty: false });
    expect(verdicts('expectations', expectations(null, null), { empty: true })).toEqual({ empty: true });
    expect(verdicts('expectations', expectations('low', null), { empty: true })).toEqual({ empty: false });
    expect(verdicts('relationship', relationship({ types: ['community'] }), { empty: true })).toEqual({ empty: false });
    expect(verdicts('lifecycle', lifecycle([], [], []), { empty: true })).toEqual({ empty: true });
    expect(verdicts('lifecycle', lifecycle([], ['not sure yet'], []), { empty: true })).toEqual({ empty: false });
    expect(verdicts('cost', cost({ revenue: amount(5, 'month') }), { empty: true })).toEqual({ empty: false });
    expect(verdicts('touchpoints', journey(), { empty: true })).toEqual({ empty: true });
    expect(verdicts('touchpoints', journey(''), { empty: true })).toEqual({ empty: false });
    expect(verdicts('competitors', competitors(null, null), { empty: true })).toEqual({ empty: true });
    expect(verdicts('checkin', checkin({ metrics: [metric('churn', 4)] }), { empty: true })).toEqual({ empty: false });
    expect(verdicts('checkin', checkin({ metrics: [metric('churn', 4)] }), { empty: false })).toEqual({ empty: true });
  });

  it('metrics: one field per metric, found by name either way and singular or plural, value within 1%', () => {
    const got = checkin({ metrics: [metric('Active Users', 1200), metric('monthly churn', 3.9, { unit: '%', previous: 4.5 })] });
    expect(verdicts('checkin', got, { metrics: { 'active user': { value: 1205 }, churn: { value: 3.9, previous: 4.5, unit: '%' } } })).toEqual({
      'metrics.active user': true,
      'metrics.churn': true,
    });
    expect(verdicts('checkin', got, { metrics: { 'active users': { value: 1.2 }, churn: { value: 3.9, previous: 6 }, nps: { value: 40 } } })).toEqual({
      'metrics.active users': false,
      'metrics.churn': false,
      'metrics.nps': false,
    });
  });

  it('metrics: change and unit are checked when given', () => {
    const got = checkin({ metrics: [metric('mrr', 8400, { unit: 'EUR', change: 600 }), metric('subs', 340)] });
    expect(verdicts('checkin', got, { metrics: { mrr: { value: 8400, change: 600, unit: 'EUR' }, subs: { value: 340 } } })).toEqual({ 'metrics.mrr': true, 'metrics.subs': true });
    expect(verdicts('checkin', got, { metrics: { mrr: { value: 8400, change: -600 } } })).toEqual({ 'metrics.mrr': false });
    expect(verdicts('checkin', got, { metrics: { mrr: { value: 8400, unit: 'USD' } } })).toEqual({ 'metrics.mrr': false });
    expect(verdicts('checkin', got, { metrics: { subs: { value: 340, unit: '%' } } })).toEqual({ 'metrics.subs': false });
  });

  it('metrics: a longer name holding the expected one does not hide the exact one', () => {
    const got = checkin({ metrics: [metric('pubs lost', 2), metric('pubs', 31)] });
    expect(verdicts('checkin', got, { metrics: { pubs: { value: 31 }, 'pubs lost': { value: 2 } } })).toEqual({ 'metrics.pubs': true, 'metrics.pubs lost': true });
    expect(verdicts('checkin', checkin({ metrics: [metric('pubs lost', 2)] }), { metrics: { pubs: { value: 31 } } })).toEqual({ 'metrics.pubs': false });
  });

  const planned = { plannedTactics: ['onboarding emails', 'onboarding call', 'quarterly business review', 'nps survey'] };

  it('tacticsRun: each listed tactic is there (by containment, any case); unsaid planned tactics are not', () => {
    expect(verdicts('checkin', checkin({ tacticsRun: ['Onboarding Emails'] }), { tacticsRun: ['onboarding emails'] }, planned)).toEqual({ tacticsRun: true });
    expect(verdicts('checkin', checkin({ tacticsRun: ['onboarding emails', 'onboarding call'] }), { tacticsRun: ['onboarding emails'] }, planned)).toEqual({ tacticsRun: false });
    expect(verdicts('checkin', checkin({ tacticsRun: [] }), { tacticsRun: ['onboarding emails'] }, planned)).toEqual({ tacticsRun: false });
    // Something the team did that was not planned is not held against the reading.
    expect(verdicts('checkin', checkin({ tacticsRun: ['same walker', 'calling detractors'] }), { tacticsRun: ['same walker'] })).toEqual({ tacticsRun: true });
  });

  it('tacticsRun: an empty list means nothing ran', () => {
    expect(verdicts('checkin', checkin(), { tacticsRun: [] }, planned)).toEqual({ tacticsRun: true });
    expect(verdicts('checkin', checkin({ tacticsRun: ['none'] }), { tacticsRun: [] }, planned)).toEqual({ tacticsRun: false });
  });

  it('tacticsNotRun: listed ones are there and not also in tacticsRun', () => {
    const want: Expect = { tacticsNotRun: ['quarterly business review'] };
    expect(verdicts('checkin', checkin({ tacticsRun: ['onboarding emails'], tacticsNotRun: ['quarterly business review'] }), want, planned)).toEqual({ tacticsNotRun: true });
    expect(verdicts('checkin', checkin({ tacticsRun: ['quarterly business review'], tacticsNotRun: ['quarterly business review'] }), want, planned)).toEqual({
      tacticsNotRun: false,
    });
    expect(verdicts('checkin', checkin({ tacticsRun: ['onboarding emails', 'QBR no'] }), want, planned)).toEqual({ tacticsNotRun: false });
    expect(verdicts('checkin', checkin({ tacticsNotRun: ['quarterly business review', 'nps survey'] }), want, planned)).toEqual({ tacticsNotRun: false });
    expect(verdicts('checkin', checkin({ tacticsRun: ['onboarding emails'] }), { tacticsNotRun: [] }, planned)).toEqual({ tacticsNotRun: true });
  });

  it('learned: true means a learning was read, false means none', () => {
    expect(verdicts('checkin', checkin({ learned: 'the price change hurt churn' }), { learned: true })).toEqual({ learned: true });
    expect(verdicts('checkin', checkin({ learned: null }), { learned: true })).toEqual({ learned: false });
    expect(verdicts('checkin', checkin({ learned: 'fine' }), { learned: false })).toEqual({ learned: false });
    expect(verdicts('checkin', checkin(), { learned: false })).toEqual({ learned: true });
  });
});

describe('the corpus loader', () => {
  it('reads a valid line with its file and line number', () => {
    const entries = parseCorpusFile('\n{"step":"business","text":"we brew beer","expect":{"descriptionHas":"beer"},"lang":"en","note":"x"}\n', 'a.jsonl');
    expect(entries).toMatchObject([{ file: 'a.jsonl', line: 2, step: 'business', expect: { descriptionHas: 'beer' } }]);
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{"step":', /b\.jsonl:7: not JSON/],
    ['an unknown step', '{"step":"pricing","text":"x","expect":{"empty":true}}', /b\.jsonl:7: step/],
    ['a misspelt key', '{"step":"business","text":"x","expect":{"descriptonHas":"x"}}', /b\.jsonl:7: expect: .*descriptonHas/],
    ['a key of another step', '{"step":"business","text":"x","expect":{"names":["x"]}}', /b\.jsonl:7: expect\.names: not a field of the business step/],
    ['a broken pattern', '{"step":"lifecycle","text":"x","expect":{"growth":"(up"}}', /b\.jsonl:7: expect\.growth: not a valid regular expression/],
    ['an amount without a period', '{"step":"cost","text":"x","expect":{"revenue":{"value":5}}}', /b\.jsonl:7: expect\.revenue/],
    ['a pattern where an amount belongs', '{"step":"cost","text":"x","expect":{"acquisition":"ads"}}', /b\.jsonl:7: expect\.acquisition/],
    ['nothing expected', '{"step":"cost","text":"x","expect":{}}', /b\.jsonl:7: expect: expects nothing/],
  ];
  it.each(bad)('names file and line on %s', (_, raw, message) => {
    expect(() => parseCorpusLine(raw, 'b.jsonl', 7)).toThrow(CorpusError);
    expect(() => parseCorpusLine(raw, 'b.jsonl', 7)).toThrow(message);
  });

  it('loads every *.jsonl under a folder and nothing else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
    await writeFile(path.join(dir, 'a.jsonl'), '{"step":"segments","text":"x","expect":{"empty":true}}\n');
    await writeFile(path.join(dir, 'floor.json'), '{"overall":1,"steps":{}}');
    const entries = await loadCorpus(dir);
    expect(entries.map((e) => `${e.file}:${e.line}`)).toEqual(['a.jsonl:1']);
  });
});

describe('figures and the floor', () => {
  const entries = parseCorpusFile(
    [
      '{"step":"business","text":"we brew beer","expect":{"descriptionHas":"beer","twoSided":false}}',
      '{"step":"segments","text":"pubs and shops","expect":{"names":["pub","shop"]}}',
    ].join('\n'),
    'mini.jsonl',
  );

  it('totals fields per step and overall, and a throwing summariser scores its fields wrong', async () => {
    const results = await evaluate(entries, (step) => {
      if (step === 'segments') throw new Error('boom');
      return business('We brew beer', true);
    });
    const figs = figures(results);
    expect(figs.steps.business).toEqual({ entries: 1, right: 1, fields: 2, percent: 50 });
    expect(figs.steps.segments).toEqual({ entries: 1, right: 0, fields: 1, percent: 0 });
    expect(figs.overall).toMatchObject({ entries: 2, right: 1, fields: 3 });
    expect(results[1]!.fields[0]!.got).toBe('error: boom');
    expect(formatTable('offline', figs).split('\n').at(-1)).toBe('offline: 33.3% of 3 fields right (min step: segments 0.0%)');
  });

  it('raising the floor only moves numbers up, floored to one decimal', () => {
    const figs = { overall: { entries: 3, right: 2, fields: 3, percent: 66.66 }, steps: { business: { entries: 1, right: 1, fields: 2, percent: 50 } } };
    expect(raisedFloor(figs, null)).toEqual({ overall: 66.6, steps: { business: 50 } });
    expect(raisedFloor(figs, { overall: 70, steps: { business: 40, cost: 80 } })).toEqual({ overall: 70, steps: { business: 50, cost: 80 } });
    expect(belowFloor(figs, { overall: 66.6, steps: { business: 50 } })).toEqual([]);
    expect(belowFloor(figs, { overall: 70, steps: { business: 50.1 } })).toEqual([
      'overall 66.7% is below the floor of 70%',
      'business 50.0% (1 / 2) is below the floor of 50.1%',
    ]);
  });

  it('writes and reads the floor file', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'floor-')), 'floor.json');
    await writeFloor(file, { overall: 80.1, steps: { cost: 70, business: 90 } });
    expect(await readFloor(file)).toEqual({ overall: 80.1, steps: { business: 90, cost: 70 } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ overall: 80.1, steps: { business: 90, cost: 70 } });
  });
});

describe('the offline summariser on the corpus', () => {
  it('stays at or above the floor in floor.json', { timeout: 300_000 }, async () => {
    const corpus = await loadCorpus(CORPUS);
    warmUp([...new Set(['en' as const, ...corpus.flatMap((e) => (e.lang ? [e.lang] : []))])]);
    const figs = figures(await evaluate(corpus, (step, text, context) => offlineExtract(step, text, context)));
    const floor = await readFloor(path.join(CORPUS, 'floor.json'));
    const below = belowFloor(figs, floor);
    expect(below, `offline field accuracy dropped below floor.json:\n${below.join('\n')}\n\n${formatTable('offline', figs)}`).toEqual([]);
  });
});
