import { afterAll, describe, expect, it } from 'vitest';
import { KeyvStore } from '../src/store/keyv-store.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

// One contract, two backends: whatever passes here on memory must pass on Redis.

const stores: KeyvStore[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

const backends = {
  memory: () => new KeyvStore({ log: silentLogger }),
  redis: () => {
    const namespace = uniquePrefix('contract');
    prefixes.push(namespace);
    return new KeyvStore({ redisUrl: testRedisUrl(), namespace, log: silentLogger });
  },
};

describe.each(Object.keys(backends) as (keyof typeof backends)[])('KeyValueStore contract: %s', (kind) => {
  const make = () => {
    const s = backends[kind]();
    stores.push(s);
    return s;
  };

  it('knows its backend', async () => {
    const s = make();
    expect(s.backend).toBe(kind);
    expect(await s.ping()).toBe(kind);
  });

  it('gets, sets, overwrites and deletes', async () => {
    const s = make();
    expect(await s.get('a')).toBeUndefined();
    await s.set('a', { n: 1 });
    expect(await s.get('a')).toEqual({ n: 1 });
    await s.set('a', { n: 2 });
    expect(await s.get('a')).toEqual({ n: 2 });
    await s.delete('a');
    expect(await s.get('a')).toBeUndefined();
    await s.delete('never-there'); // no error
  });

  it('expires a value after its ttl, keeps one without', async () => {
    const s = make();
    await s.set('short', 'x', 150);
    await s.set('long', 'y');
    expect(await s.get('short')).toBe('x');
    expect(await s.keys('short')).toEqual(['short']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.get('short')).toBeUndefined();
    expect(await s.keys('short')).toEqual([]);
    expect(await s.get('long')).toBe('y');
  });

  it('rejects a ttl that is not a positive number', async () => {
    const s = make();
    await expect(s.set('k', 1, 0)).rejects.toThrow(RangeError);
    await expect(s.set('k', 1, -5)).rejects.toThrow(RangeError);
  });

  it('lists keys by prefix, without the namespace', async () => {
    const s = make();
    await s.set('design:T1:C1', 1);
    await s.set('design:T1:C2', 2);
    await s.set('design:T2:C1', 3);
    await s.set('session:T1', 4);
    await s.set('odd*[key]?', 5);
    expect(await s.keys('design:T1:')).toEqual(['design:T1:C1', 'design:T1:C2']);
    expect(await s.keys('design:')).toHaveLength(3);
    expect(await s.keys('nothing:')).toEqual([]);
    // glob characters in the prefix are literal
    expect(await s.keys('odd*')).toEqual(['odd*[key]?']);
    expect(await s.keys('design:T*')).toEqual([]);
    expect((await s.keys('')).sort()).toEqual(['design:T1:C1', 'design:T1:C2', 'design:T2:C1', 'odd*[key]?', 'session:T1']);
  });

  it('round-trips nested JSON exactly, and stores copies', async () => {
    const s = make();
    const value = {
      version: 1,
      business: { description: null, twoSided: false },
      segments: [{ id: 'a', tags: ['x', ':colon', ':base64:notbinary'], nested: { deep: { deeper: [1, 2.5, -3, true, null] } } }],
      empty: { list: [], obj: {} },
      updatedAt: '2026-11-24T10:00:00.000Z',
    };
    await s.set('doc', value);
    const back = await s.get<typeof value>('doc');
    expect(back).toEqual(value);
    expect(back).not.toBe(value);
    value.segments[0]!.id = 'changed';
    expect((await s.get<typeof value>('doc'))!.segments[0]!.id).toBe('a');
    await s.set('str', 'plain');
    await s.set('num', 0);
    await s.set('flag', false);
    expect([await s.get('str'), await s.get('num'), await s.get('flag')]).toEqual(['plain', 0, false]);
  });

  it('keeps unicode and a 50 kB value intact', async () => {
    const s = make();
    const text = 'Café — naïve 日本語 🚀👩‍👩‍👧 ∑ \u0000 "quotes" \\ back';
    await s.set('ünï:🔑', { text });
    expect(await s.get('ünï:🔑')).toEqual({ text });
    expect(await s.keys('ünï:')).toEqual(['ünï:🔑']);
    const big = { blob: 'é'.repeat(25_000) + 'x'.repeat(1) }; // > 50 kB in UTF-8
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(50_000);
    await s.set('big', big);
    expect(await s.get('big')).toEqual(big);
  });

  it('keeps stores with different namespaces apart (redis) / separate instances apart (memory)', async () => {
    const a = make();
    const b = make();
    await a.set('same', 'a');
    expect(await b.get('same')).toBeUndefined();
    expect(await b.keys('same')).toEqual([]);
  });
});
