import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isExtractionStep, type ExtractionStep } from '../../core/extraction.ts';
import { offlineExtract } from '../offline/index.ts';
import { warmUp } from '../offline/recognise.ts';
import { loadCorpus, type CorpusEntry } from './corpus.ts';
import { belowFloor, evaluate, figures, formatFailures, formatTable, raisedFloor, readFloor, writeFloor, type EntryResult } from './evaluate.ts';

// `npm run eval`: field accuracy of the offline summariser on the labelled corpus, and of
// the LLM one too when OPENAI_API_KEY is set.
//   --failures [step]   print the misses (answer, expected, got)
//   --dev               print the development set's misses instead of the corpus's
//   --raise-floor       move the floor in floor.json up to today's offline figures
//   --concurrency n     LLM calls at once (default 4)

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CORPUS_DIR = path.join(root, 'test/fixtures/answers');
export const FLOOR_FILE = path.join(CORPUS_DIR, 'floor.json');
/**
 * Answers written by someone who had seen neither the readers nor the corpus, never used to
 * tune them: the honest figure. (The first such set, once looked at, joined the corpus.)
 */
export const HOLDOUT_DIR = path.join(root, 'test/fixtures/holdout2');
/**
 * Fresh answers the readers are being improved against: written apart like the held-out
 * set, but looked at. Not yet at the corpus's level, so it has no floor of its own.
 */
export const DEV_DIR = path.join(root, 'test/fixtures/dev');

/** A question per step for the LLM, as the coach would put it. */
const QUESTIONS: Record<ExtractionStep, string> = {
  business: 'What does your business do, and for whom?',
  segments: 'Who are your customer segments?',
  expectations: 'What kind of relationship does this segment expect from you, and what is usual in your industry?',
  relationship: 'What relationship will you offer this segment?',
  lifecycle: 'How will you win, keep and grow these customers?',
  cost: 'What does the relationship cost you per customer, and what does a customer pay?',
  touchpoints: 'Walk me through the steps a customer goes through with you, and how they should think and feel at each.',
  competitors: 'What relationship do your competitors offer, and where can you do better?',
  checkin: 'Which retention tactics ran since the last check-in, what did your numbers do, and what did you learn?',
};

interface Options {
  failures: boolean;
  failuresStep?: ExtractionStep;
  raiseFloor: boolean;
  concurrency: number;
  dev: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { failures: false, raiseFloor: false, concurrency: 4, dev: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--failures') {
      opts.failures = true;
      const next = argv[i + 1];
      if (next && !next.startsWith('--')) {
        if (!isExtractionStep(next)) throw new Error(`--failures: no step called "${next}"`);
        opts.failuresStep = next;
        i++;
      }
    } else if (arg === '--raise-floor') opts.raiseFloor = true;
    else if (arg === '--dev') opts.dev = true;
    else if (arg === '--concurrency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error('--concurrency needs a whole number of 1 or more');
      opts.concurrency = n;
    } else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

const langsOf = (entries: readonly CorpusEntry[]) => [...new Set(['en' as const, ...entries.flatMap((e) => (e.lang ? [e.lang] : []))])];

async function runOffline(entries: readonly CorpusEntry[]): Promise<EntryResult[]> {
  warmUp(langsOf(entries));
  return evaluate(entries, (step, text, context) => offlineExtract(step, text, context));
}

async function runLlm(entries: readonly CorpusEntry[], concurrency: number): Promise<{ results: EntryResult[]; fellBack: number; name: string }> {
  const { loadConfig } = await import('../../config.ts');
  const { createSummariser } = await import('../index.ts');
  const { silentLogger } = await import('../../log.ts');
  const summariser = createSummariser(loadConfig(), silentLogger);
  let fellBack = 0;
  const results = await evaluate(
    entries,
    async (step, answer, context) => {
      const out = await summariser.extract({ step, question: QUESTIONS[step], answer, context, conversation: 'eval' });
      if (out.via !== 'llm') fellBack++;
      return out.data;
    },
    concurrency,
  );
  return { results, fellBack, name: summariser.name };
}

function report(name: string, results: readonly EntryResult[], opts: Options): void {
  if (opts.failures) {
    const misses = formatFailures(results, opts.failuresStep);
    console.log(`\n${name} misses${opts.failuresStep ? ` (${opts.failuresStep})` : ''}:\n${misses || '(none)'}`);
  }
  console.log(`\n${formatTable(name, figures(results))}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const entries = await loadCorpus(CORPUS_DIR);

  if (process.env.OPENAI_API_KEY) {
    const llm = await runLlm(entries, opts.concurrency);
    report(`llm (${llm.name})`, llm.results, opts);
    if (llm.fellBack) console.log(`(${llm.fellBack} of ${entries.length} answers fell back to the offline summariser)`);
  }

  // Printed first, so the tuning corpus's figure (the one the floor guards) stays last.
  // A missing folder is skipped; a broken label fails loudly. Misses are never printed:
  // reading them would make it one more tuning set.
  const holdout = existsSync(HOLDOUT_DIR) ? await loadCorpus(HOLDOUT_DIR) : [];
  if (holdout.length) report('offline, held-out answers (written apart, never tuned on)', await runOffline(holdout), { ...opts, failures: false });
  const dev = existsSync(DEV_DIR) ? await loadCorpus(DEV_DIR) : [];
  if (dev.length) report('offline, development set (written apart, tuned on, no floor)', await runOffline(dev), { ...opts, failures: opts.failures && opts.dev });

  const offline = await runOffline(entries);
  const figs = figures(offline);
  if (opts.dev) opts.failures = false;

  // Floor news before the table, so the overall figure stays on the last line.
  const floor = await readFloor(FLOOR_FILE).catch(() => null);
  if (opts.raiseFloor) {
    const raised = raisedFloor(figs, floor);
    await writeFloor(FLOOR_FILE, raised);
    console.log(`floor.json now: ${JSON.stringify(raised)}`);
  } else if (floor) {
    const below = belowFloor(figs, floor);
    if (below.length) console.log(`below the floor in floor.json:\n  ${below.join('\n  ')}`);
  }
  report('offline', offline, opts);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
