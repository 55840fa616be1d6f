import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run build` into a temp folder, then the compiled server started with plain node and
// a loader guard that refuses tsx and .ts files.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const guard = path.join(root, 'test/fixtures/build/no-tsx.mjs');
let outDir: string;
const children: ChildProcess[] = [];

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    // No NODE_OPTIONS from the test runner: the child gets exactly these flags.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'rapport-build-'));
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const built = await exitOf(run([tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, '--sourceMap', 'false']));
  expect(built.out).toBe('');
  expect(built.code).toBe(0);
  const assets = await exitOf(run(['scripts/build-assets.mjs', outDir]));
  expect(assets.code).toBe(0);
  // Packages resolve as they would from an installed copy.
  symlinkSync(path.join(root, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the compiled build', () => {
  it('emits JavaScript with .js imports and the prompts beside it', () => {
    const cli = readFileSync(path.join(outDir, 'src/cli.js'), 'utf8');
    expect(cli).toContain('import("./commands/serve.js")');
    expect(cli).not.toMatch(/from ["'][^"']+\.ts["']|import\(["'][^"']+\.ts["']\)/);
    expect(existsSync(path.join(outDir, 'prompts'))).toBe(true);
  });

  it('imports only production dependencies at run time', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const files = (readdirSync(path.join(outDir, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js'));
    const used = new Set<string>();
    for (const file of files) {
      const code = readFileSync(path.join(outDir, 'src', file), 'utf8');
      for (const m of code.matchAll(/(?:from |import\()["']([^"'.][^"']*)["']/g)) {
        const name = m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!;
        if (!name.startsWith('node:')) used.add(name);
      }
    }
    expect(used.size).toBeGreaterThan(3);
    // What `npm ci --omit=dev` installs: the lockfile entries not marked dev.
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const production = (name: string) => {
      const entry = lock.packages[`node_modules/${name}`];
      return name in pkg.dependencies || (entry !== undefined && !entry.dev);
    };
    expect([...used].filter((name) => !production(name))).toEqual([]);
    expect(used.has('tsx')).toBe(false);
  });

  it('serves /healthz from plain node with tsx refused', async () => {
    const server = run(['--import', guard, path.join(outDir, 'src/cli.js'), 'serve'], { PORT: '0', LOG_LEVEL: 'info' });
    let out = '';
    server.stdout?.on('data', (d) => (out += d));
    const port = await new Promise<number>((resolve, reject) => {
      // The logger writes JSON lines to stderr.
      server.stderr?.on('data', (d) => {
        out += d;
        const m = /"msg":"rapport is listening","port":(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    expect(out).not.toContain('no-tsx guard');
    server.kill('SIGTERM');
    await once(server, 'exit');
  }, 60_000);

  it('the guard does stop a process that loads tsx', async () => {
    const probe = path.join(outDir, 'probe.mjs');
    writeFileSync(probe, "await import('tsx/esm/api');\n");
    const res = await exitOf(run(['--import', guard, probe]));
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('no-tsx guard: refused');
  });
});
