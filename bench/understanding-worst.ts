import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { MAX_ANSWER_CHARS } from '../src/core/engine.ts';
import type { ExtractionContext } from '../src/core/summariser.ts';
import { EXTRACTION_STEPS, type ExtractionStep } from '../src/core/extraction.ts';
import { loadCorpus } from '../src/understanding/eval/corpus.ts';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { warmUp } from '../src/understanding/offline/recognise.ts';
import { ms, percentile } from './stats.ts';

// The offline reader's worst case: it runs on the event loop for every message, so one
// hostile answer at the length cap must not stall the process. Every step reads every
// adversarial input (cue phrases, separators, numbers, emoji, long words, brackets, many
// sentences, each repeated to the cap) and its own corpus answers repeated to the cap.
// Prints, per step, the slowest input and the median. `npm run bench -- understanding-worst`
// Each input is read twice: the first reading also pays for V8 compiling any recogniser
// pattern not used before (up to ~0.5 s a pattern, once per process), so it is shown apart;
// the second is what every later message with that shape costs.

const AIM_MS = 150;
const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/answers');

/** `piece` repeated up to the cap, counted in code points as the engine counts them. */
function toCap(piece: string): string {
  const one = [...piece];
  const out: string[] = [];
  while (out.length < MAX_ANSWER_CHARS) out.push(...one);
  return out.slice(0, MAX_ANSWER_CHARS).join('');
}

const PIECES: Record<string, string> = {
  // Cost cues
  'each client has': 'each client has ',
  'per month': 'per month ',
  '€5, no sorry': '€5, no sorry ',
  'costs 3k and looks after 80': 'costs 3k and looks after 80 ',
  'they pay $12/month': 'they pay $12/month ',
  '1 CSM per 50 clients': '1 CSM per 50 clients, a CSM costs €5k a month. ',
  '€95 no sorry €85': 'keg is €95, no sorry €85 ',
  'a walk is €18': 'a walk is €18, ~20 walks a month at £3.20 ',
  '5% of revenue': 'maybe 5% of revenue, we keep 20% ',
  'ads to win each new': 'we spend 2k on ads to win each new customer, 1 in 5 becomes a customer ',
  'bare numbers': '1 2 3 4 5 6 7 8 9 10 ',
  'thousands': '12,000 ',
  'k amounts': '5k ',
  'decimals': '1.5 ',
  'currency marks': '$€£¥ ',
  'number words': 'one two three four five ',
  'almost nothing': 'almost nothing free zero ',
  'spanish cost': 'los clientes pagan 5€ al mes ',
  'german cost': 'die Kunden zahlen 50 € pro Monat ',
  // Separators and rejections
  'drop them': 'drop them, ',
  'equals': '= ',
  'equals run': '=',
  'arrow ->': '-> ',
  'arrow run': '->',
  'unicode arrow': '→ ',
  'and': 'and ',
  'or': 'or ',
  'commas': ', ',
  'slashes': '/ ',
  'semicolons': '; ',
  'dashes': ' - ',
  'not': 'not ',
  'no no': 'no ',
  'yes no': 'yes no ',
  'but not them': 'but not them, ',
  // Relationship and expectation cues
  'personal': 'personal ',
  'self-service': 'self-service ',
  'dedicated account manager': 'dedicated account manager ',
  'high touch': 'high touch ',
  'expect high touch, break the norm': 'they expect high touch but we want to break the norm ',
  'community': 'community forum ',
  'we call them': 'we call them every month ',
  // Lifecycle and touchpoints
  'get them via': 'we get them via instagram, keep them with a loyalty card, upsell earrings ',
  'touchpoint chain': 'website -> call -> demo -> contract -> onboarding ',
  // Check-in numbers
  '9 of the 10': '9 of the 10 ',
  'down a bit, 71% from 75%': 'down a bit, 71% from 75% ',
  'churn 4.5% -> 3.9%': 'churn 4.5% -> 3.9% ',
  'MRR went from 5k to 6k': 'MRR went from 5k to 6k ',
  'ran both': 'we ran both, skipped the survey ',
  // Emoji, long words, brackets, sentences, whitespace
  'emoji': '😀',
  'emoji zwj': '👩‍👩‍👧‍👦',
  'emoji skin': '👍🏽 ',
  'long word': 'a',
  'long word mixed': 'abc1',
  'digits': '1',
  'digit commas': '1,',
  'digit dots': '1.',
  'percent run': '%',
  'nested parentheses': '(',
  'open close': '(a ',
  'balanced nest': '((((((((((x))))))))))',
  'many sentences': 'We sell glue. ',
  'dots': '. ',
  'dot run': '.',
  'questions': '? ',
  'newlines': '\n',
  'spaces': ' x ',
  'quotes': '"\'',
  'hashtags': '#tag @user ',
  'url': 'https://example.com/a?b=c ',
};

/** Whole inputs a repeated piece cannot make: one long run beside a cue. */
const pad = (head: string, fill: string, tail = '') => head + fill.repeat(MAX_ANSWER_CHARS - head.length - tail.length) + tail;
const WHOLE: Record<string, string> = {
  'digits then sorry 5': pad('', '1', ' sorry 5'),
  '€5 then newlines then sorry': pad('€5', '\n', 'sorry 4'),
  'digit then form feeds': pad('5', '\f'),
  'open bracket then words': pad('(', 'we sell glue '),
  'churn then digits': pad('churn 4.5% -> 3.9%. ', '9'),
};

interface Sample {
  name: string;
  first: number;
  ms: number;
}

const CHECKIN_CONTEXT: ExtractionContext = { plannedTactics: ['onboarding emails', 'onboarding call', 'quarterly business review', 'nps survey'] };

function once(step: ExtractionStep, text: string, context: ExtractionContext): number {
  const t = performance.now();
  offlineExtract(step, text, context);
  return performance.now() - t;
}

function sample(name: string, step: ExtractionStep, text: string, context: ExtractionContext): Sample {
  const first = once(step, text, context);
  const runs = [once(step, text, context)];
  // Quick ones are noisy: the median of three.
  if (runs[0]! < 20) runs.push(once(step, text, context), once(step, text, context));
  return { name, first, ms: runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]! };
}

export async function run(): Promise<void> {
  const entries = await loadCorpus(corpusDir);
  const langs = [...new Set(['en' as const, ...entries.flatMap((e) => (e.lang ? [e.lang] : []))])];
  warmUp(langs);
  for (const e of entries) offlineExtract(e.step, e.text, e.context ?? {});

  const started = performance.now();
  console.log(`offline reader, worst case at the cap (${MAX_ANSWER_CHARS.toLocaleString('en')} characters; aim: under ${AIM_MS} ms a step)`);
  const over: string[] = [];
  const firstUse: Sample[] = [];
  for (const step of EXTRACTION_STEPS) {
    const samples: Sample[] = [];
    const context = step === 'checkin' ? CHECKIN_CONTEXT : {};
    for (const [name, piece] of Object.entries(PIECES)) samples.push(sample(name, step, toCap(piece), context));
    for (const [name, text] of Object.entries(WHOLE)) samples.push(sample(name, step, text, context));
    const own = entries.filter((e) => e.step === step);
    own.forEach((e, i) => samples.push(sample(`corpus #${i + 1} repeated`, step, toCap(`${e.text}\n`), e.context ?? context)));
    samples.push(sample('corpus answers joined', step, toCap(own.map((e) => e.text).join('\n')), context));
    const sorted = [...samples].sort((a, b) => b.ms - a.ms);
    const worst = sorted[0]!;
    const p50 = percentile(samples.map((s) => s.ms).sort((a, b) => a - b), 50);
    const slowFirst = samples.reduce((a, b) => (b.first > a.first ? b : a));
    firstUse.push(slowFirst);
    console.log(
      `  ${step.padEnd(13)} worst ${ms(worst.ms).padStart(10)}  ${`(${worst.name})`.padEnd(34)} p50 ${ms(p50).padStart(9)}   first use ${ms(slowFirst.first).padStart(10)} (${slowFirst.name})   ${samples.length} inputs`,
    );
    for (const s of sorted) if (s.ms > AIM_MS) over.push(`${step}: ${s.name} ${ms(s.ms)}`);
  }
  console.log(over.length ? `over ${AIM_MS} ms:\n  ${over.join('\n  ')}` : `every input under ${AIM_MS} ms after its first reading`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}
