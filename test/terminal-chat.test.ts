import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RelationshipDesign } from '../src/core/design.ts';
import { TWO_SEGMENT_SCRIPT } from './support/engine.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function chat(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI|SLACK|MICROSOFT|REDIS_URL)/.test(k)));
    const child = spawn(process.execPath, [path.join(root, 'bin/rapport.js'), 'chat'], { cwd: root, env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

function between(out: string, name: string): string {
  const start = out.indexOf(`----- ${name} -----`);
  const end = out.indexOf(`----- end of ${name} -----`);
  return out.slice(start + `----- ${name} -----`.length, end).trim();
}

describe('rapport chat, piped, with no configuration', () => {
  it('reaches the summary and prints both exports, then exits 0 at end of input', async () => {
    const { code, out, err } = await chat([...TWO_SEGMENT_SCRIPT.slice(1), 'export json', 'export md']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/what does your business sell/i);
    expect(out).toMatch(/Customer Relationships block/);
    const design = RelationshipDesign.parse(JSON.parse(between(out, 'customer-relationships.json')));
    expect(design.segments).toHaveLength(2);
    for (const s of design.segments) {
      expect(s.relationship.types.length).toBeGreaterThan(0);
      expect(s.lifecycle.retention.tactics.length).toBeGreaterThan(0);
    }
    const md = between(out, 'customer-relationships.md');
    expect(md).toMatch(/^#/m);
    expect(md).toMatch(/Freelance designers/i);
    expect(out).not.toMatch(/\u001b\[/); // no terminal styling when piped
  }, 60_000);

  it('a bad configuration value stops with a message naming the variable', async () => {
    const { code, err } = await chat([], { PORT: 'not-a-port' });
    expect(code).toBe(2);
    expect(err).toMatch(/PORT/);
  }, 30_000);
});
