import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs every benchmark module in this folder (each exports run()) one after another, or
// only those named: `npm run bench -- engine slack-ack`.

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const skip = new Set(['run.ts', 'stats.ts']);
const files = (await readdir(here)).filter((f) => f.endsWith('.ts') && !skip.has(f)).sort();

for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (only.length && !only.includes(name)) continue;
  const mod = (await import(path.join(here, file))) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`\n== ${name} ==`);
  await mod.run();
}
process.exit(0);
