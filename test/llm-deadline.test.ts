import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../src/understanding/errors.ts';
import { businessRequest, fail, ok, recordingServer, setup } from './llm-support.ts';

// Failure 2: a per-turn deadline covering every attempt, and a breaker per server that
// skips a failing server for a while and says so once per conversation.

let hanging: Server;
let hangingUrl = '';
let hangingHits = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // A server that takes requests and never answers them.
  hanging = createServer(() => {
    hangingHits++;
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
  nock.enableNetConnect();
});
afterEach(() => nock.cleanAll());

describe('per-turn deadline', () => {
  it('ends a turn on a hanging server within the deadline, timeouts retried once, then offline', async () => {
    hangingHits = 0;
    // Per-call timeout far above the deadline: the deadline, not the timeout, bounds the turn.
    const { summariser, offlineCalls } = setup({ baseURL: hangingUrl, timeoutMs: 20_000, deadlineMs: 1000 });

    const started = Date.now();
    const result = await summariser.extract(businessRequest());
    const took = Date.now() - started;

    expect(result).toMatchObject({ via: 'offline', fallbackReason: REASONS.timeout });
    expect(result.data).toEqual({ description: 'offline guess', twoSided: null });
    expect(offlineCalls).toHaveLength(1);
    expect(took).toBeLessThan(1800);
    expect(hangingHits).toBeLessThanOrEqual(2);
  });

  it('gives up at once on a 429 whose Retry-After the deadline cannot wait for', async () => {
    const server = recordingServer([fail(429, { message: 'Rate limit reached', type: 'rate_limit_error' }, { 'retry-after': '30' })]);
    const { summariser } = setup({ deadlineMs: 1000, maxRetryDelayMs: 8000 });

    const started = Date.now();
    const result = await summariser.extract(businessRequest());

    expect(result).toMatchObject({ via: 'offline', fallbackReason: REASONS.busy });
    expect(server.bodies).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('stops retrying 500s when the deadline is near, whatever maxRetries says', async () => {
    const server = recordingServer([fail(500, { message: 'boom' })]);
    const { summariser } = setup({ deadlineMs: 1000, maxRetries: 50, retryBaseMs: 300, maxRetryDelayMs: 300 });

    const started = Date.now();
    const result = await summariser.extract(businessRequest());

    expect(result).toMatchObject({ via: 'offline', fallbackReason: REASONS.serverError });
    expect(Date.now() - started).toBeLessThan(1300);
    expect(server.bodies.length).toBeLessThanOrEqual(4);
  });
});

describe('circuit breaker', () => {
  it('after three failed turns skips the server, tells each conversation once, and tries again after the cool-down', async () => {
    let clock = 1_000_000;
    const server = recordingServer([fail(500, { message: 'down' })]);
    const { summariser, openai } = setup({ maxRetries: 0, breakerThreshold: 3, breakerCooldownMs: 60_000, now: () => clock });

    const first = [];
    for (let i = 0; i < 3; i++) first.push(await summariser.extract(businessRequest(`answer ${i}`, 'conv-a')));
    expect(first.map((r) => r.fallbackReason)).toEqual([REASONS.serverError, REASONS.serverError, REASONS.serverError]);
    expect(server.bodies).toHaveLength(3);
    expect(openai.server().paused).toBe(true);

    // Paused: no call, the pause is said once per conversation, later answers are quiet.
    // A question to the coach meanwhile is answered offline without using up that one notice.
    expect(await summariser.advise!({ question: 'why?', design: { version: 2, business: { description: null, twoSided: false }, segments: [], findings: [], updatedAt: new Date(0).toISOString() }, segment: null, conversation: 'conv-a' })).toBeNull();
    const a1 = await summariser.extract(businessRequest('more', 'conv-a'));
    const a2 = await summariser.extract(businessRequest('more', 'conv-a'));
    const b1 = await summariser.extract(businessRequest('other team', 'conv-b'));
    expect(a1).toMatchObject({ via: 'offline', fallbackReason: REASONS.paused });
    expect(a2.via).toBe('offline');
    expect(a2.fallbackReason).toBeUndefined();
    expect(a2.usage).toBeUndefined();
    expect(b1.fallbackReason).toBe(REASONS.paused);
    expect(server.bodies).toHaveLength(3);

    // After the cool-down one trial call goes out; it works, so the server is used again.
    nock.cleanAll();
    const healthy = recordingServer([ok({ description: 'Laptops', twoSided: false })]);
    clock += 60_001;
    const back = await summariser.extract(businessRequest('back', 'conv-a'));
    expect(back.via).toBe('llm');
    expect(healthy.bodies).toHaveLength(1);
    expect(openai.server().paused).toBe(false);
  });

  it('re-opens at once when the trial after the cool-down fails, without telling the conversation again', async () => {
    let clock = 0;
    const server = recordingServer([fail(503, { message: 'down' })]);
    const { summariser } = setup({ maxRetries: 0, breakerThreshold: 2, breakerCooldownMs: 1000, now: () => clock });
    await summariser.extract(businessRequest('1'));
    await summariser.extract(businessRequest('2'));
    expect((await summariser.extract(businessRequest('3'))).fallbackReason).toBe(REASONS.paused);
    clock += 1001;
    const trial = await summariser.extract(businessRequest('4'));
    expect(trial.fallbackReason).toBe(REASONS.serverError);
    const after = await summariser.extract(businessRequest('5'));
    expect(after.via).toBe('offline');
    expect(after.fallbackReason).toBeUndefined();
    expect(server.bodies).toHaveLength(3);
  });

  it('keeps a breaker per server: one failing server does not pause another', async () => {
    recordingServer([fail(500)]);
    const bad = setup({ maxRetries: 0, breakerThreshold: 1 });
    await bad.summariser.extract(businessRequest());
    expect(bad.openai.server().paused).toBe(true);
    const good = setup({ maxRetries: 0, breakerThreshold: 1 });
    expect(good.openai.server().paused).toBe(false);
  });
});
