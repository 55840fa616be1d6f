import { describe, expect, it } from 'vitest';
import { RelationshipDesign } from '../src/core/design.ts';
import { rapport } from './support/cli.ts';
import { TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { testRedisUrl, uniquePrefix } from './support/redis.ts';

const chat = (lines: string[], env: Record<string, string> = {}) => rapport(['chat'], { input: lines.join('\n') + '\n', env });

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

  it('with REDIS_URL, a named session resumes in the next run', async () => {
    const env = { REDIS_URL: testRedisUrl() };
    const session = `resume-${uniquePrefix()}`;
    const first = await rapport(['chat', '--session', session], { input: 'We sell tea subscriptions to offices\n', env });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/customer segments/);
    const second = await rapport(['chat', '--session', session], { input: 'export json\nforget\nforget confirm\n', env });
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/Here is where we are/);
    expect(second.out).toMatch(/tea subscriptions/i);
    expect(second.out).toMatch(/deleted/);
  }, 60_000);

  it('a bad configuration value stops with a message naming the variable', async () => {
    const { code, err } = await chat([], { PORT: 'not-a-port' });
    expect(code).toBe(2);
    expect(err).toMatch(/PORT/);
  }, 30_000);
});
