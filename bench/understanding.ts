import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { EXTRACTION_STEPS, type ExtractionStep } from '../src/core/extraction.ts';
import { loadCorpus } from '../src/understanding/eval/corpus.ts';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { warmUp } from '../src/understanding/offline/recognise.ts';
import { ms, percentile } from './stats.ts';

// The offline summariser's time per answer over the whole labelled corpus, per step and
// overall. The recognisers are built first and one untimed pass runs before the timed ones:
// a model's first parses are far slower than the rest, and a server pays that once.

const PASSES = Number(process.env.BENCH_UNDERSTANDING_PASSES ?? 5);
const AIM_MS = 2;
const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/answers');

export async function run(): Promise<void> {
  const entries = await loadCorpus(corpusDir);
  const langs = [...new Set(['en' as const, ...entries.flatMap((e) => (e.lang ? [e.lang] : []))])];
  const built = performance.now();
  warmUp(langs);
  const warmUpMs = performance.now() - built;
  const firstStart = performance.now();
  for (const e of entries) offlineExtract(e.step, e.text, e.context ?? {});
  const firstPassMs = performance.now() - firstStart;

  const all: number[] = [];
  const perStep = new Map<ExtractionStep, number[]>();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const e of entries) {
      const t = performance.now();
      offlineExtract(e.step, e.text, e.context ?? {});
      const took = performance.now() - t;
      all.push(took);
      let list = perStep.get(e.step);
      if (!list) perStep.set(e.step, (list = []));
      list.push(took);
    }
  }

  const stat = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN };
  };
  console.log(`offline summariser, ${entries.length} corpus answers × ${PASSES} passes (${langs.join(', ')}; warm-up ${warmUpMs.toFixed(0)} ms, first pass ${(firstPassMs / 1000).toFixed(1)} s untimed)`);
  const rows = EXTRACTION_STEPS.filter((s) => perStep.has(s)).map((s) => {
    const st = stat(perStep.get(s)!);
    return `  ${s.padEnd(13)} mean ${ms(st.mean).padStart(9)}   p95 ${ms(st.p95).padStart(9)}   max ${ms(st.max).padStart(9)}`;
  });
  console.log(rows.join('\n'));
  const total = stat(all);
  console.log(`  ${'all'.padEnd(13)} mean ${ms(total.mean).padStart(9)}   p95 ${ms(total.p95).padStart(9)}   max ${ms(total.max).padStart(9)}`);
  console.log(`offline summariser: ${ms(total.mean)} mean, ${ms(total.p95)} p95 per answer (aim: under ${AIM_MS} ms mean)`);
}
