// Copies the files the compiled server reads at run time (the LLM prompts) next to the
// compiled code, so dist/src/understanding/prompts.js finds dist/prompts/ as src/ finds prompts/.
// `node scripts/build-assets.mjs [outDir]` (default dist).
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(root, process.argv[2] ?? 'dist');
for (const dir of ['prompts']) {
  rmSync(path.join(outDir, dir), { recursive: true, force: true });
  cpSync(path.join(root, dir), path.join(outDir, dir), { recursive: true });
}
