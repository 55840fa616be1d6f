import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs every benchmark module in this folder (each exports run()) one after another, or
// only those named: `npm run bench -- engine slack-ack understanding`. A bench that fails
// (Redis down, say) is reported and the others still run.

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const skip = new Set(['run.ts', 'stats.ts']);
// Process start-up and CPU-only timings first: the Redis and Slack benches can leave work running in this process.
const first = ['startup.ts', 'understanding.ts'];
const files = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && !skip.has(f))
  .sort((a, b) => Number(first.includes(b)) - Number(first.includes(a)) || a.localeCompare(b));

const failed: string[] = [];
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (only.length && !only.includes(name)) continue;
  const mod = (await import(path.join(here, file))) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n== ${name} ==`);
  try {
    await mod.run();
  } catch (err) {
    failed.push(name);
    console.log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
if (failed.length) console.log(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length ? 1 : 0);
