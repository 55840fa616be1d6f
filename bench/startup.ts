import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './stats.ts';

// Time from `node dist/src/cli.js serve` starting to /healthz answering (the process is
// ready), over a few runs; the same through tsx on the sources for comparison. Needs
// `npm run build` first. Runs without Redis or platform credentials, so it measures the
// process itself. BENCH_STARTUP_RUNS changes the count.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5);

/** Milliseconds from spawn to the "listening" log line, and to /healthz answering. */
async function timeToReady(args: string[]): Promise<{ listening: number; ready: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      // The logger writes JSON lines to stderr.
      child.stderr.on('data', (d) => {
        out += d;
        const m = /"msg":"rapport is listening","port":(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const listening = performance.now() - started;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
    return { listening, ready: performance.now() - started };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

export async function run(): Promise<void> {
  const compiled = path.join(root, 'dist/src/cli.js');
  if (!existsSync(compiled)) throw new Error('dist/ is missing: run `npm run build` first');
  const variants: [string, string[]][] = [
    ['compiled (node dist/)', [compiled, 'serve']],
    ['sources via tsx', ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve']],
  ];
  for (const [name, args] of variants) {
    const samples: { listening: number; ready: number }[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await timeToReady(args));
    const ready = samples.map((x) => x.ready);
    const s = summarise(ready);
    // The gap between the two is what the readers' background warm-up costs the first request.
    const listening = Math.round(summarise(samples.map((x) => x.listening)).p50);
    console.log(
      `start to ready, ${name}: median ${Math.round(s.p50)} ms (listening at ${listening} ms), worst ${Math.round(Math.max(...ready))} ms over ${s.n} runs`,
    );
  }
}
