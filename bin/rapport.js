#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` makes dist/). In a source checkout without a build,
// falls back to running the TypeScript through tsx, a development dependency.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
