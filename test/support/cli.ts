import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs the real `rapport` binary as a person would, with none of this machine's
// platform or LLM settings leaking in (only the tests' own key prefix, from test/setup).

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function rapport(args: string[], opts: { input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k === 'RAPPORT_KEY_PREFIX' || !/^(OPENAI|SLACK|MICROSOFT|REDIS_URL|TEAMS|RAPPORT)/.test(k)));
    const child = spawn(process.execPath, [path.join(root, 'bin/rapport.js'), ...args], {
      cwd: root,
      env: { ...clean, ...opts.env },
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    // A hung child must not outlive the test that started it.
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, out, err });
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}
