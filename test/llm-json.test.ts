import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CostExtraction } from '../src/core/extraction.ts';
import { REASONS } from '../src/understanding/errors.ts';
import { extractJson, fillMissing } from '../src/understanding/llm/json.ts';
import { API_KEY, businessRequest, completion, fail, ok, recordingServer, setup } from './llm-support.ts';

// Failures 5 and 6: servers without strict JSON schema, handled per server; one repair
// re-ask with the schema error before falling back.

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const laptops = { description: 'Laptops for students', twoSided: false };

describe('reading JSON leniently', () => {
  it('takes bare, fenced and prose-wrapped JSON, the last valid object winning', () => {
    expect(extractJson('{"a": 1}')).toEqual({ a: 1 });
    expect(extractJson('Here you go:\n```json\n{"a": 2}\n```\nAnything else?')).toEqual({ a: 2 });
    expect(extractJson('I think {"a": 3, "b": {"c": "}"}} fits, or rather {"a": 4}. Done.')).toEqual({ a: 4 });
    expect(extractJson('{"a": 5, "b": ')).toBeUndefined();
    expect(extractJson('no json here')).toBeUndefined();
  });

  it('fills missing nullable keys at every depth, lists with []', () => {
    const raw = { level: 'low', relationship: { value: 2, per: 'month' }, revenue: null };
    const filled = fillMissing(CostExtraction, raw);
    expect(CostExtraction.safeParse(filled).success).toBe(true);
    expect(filled).toMatchObject({ relationship: { value: 2, per: 'month', working: null }, acquisition: null, doubt: null, currency: null });
    const segs = z.object({ segments: z.array(z.object({ name: z.string(), description: z.string().nullable() })) });
    expect(fillMissing(segs, { segments: [{ name: 'a' }] })).toEqual({ segments: [{ name: 'a', description: null }] });
    expect(fillMissing(segs, {})).toEqual({ segments: [] });
  });
});

describe('servers without strict JSON schema', () => {
  it('uses a fenced reply to json_schema at once, and bare JSON with missing keys', async () => {
    recordingServer([ok('```json\n{"description": "Laptops for students"}\n```'), ok('{"description": "Laptops"}')]);
    const { summariser } = setup();
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: { description: 'Laptops for students', twoSided: null } });
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: { description: 'Laptops', twoSided: null } });
  });

  it('reads JSON wrapped in prose', async () => {
    recordingServer([ok('Sure! Here is the data: {"description": "Laptops for students", "twoSided": false} Let me know.')]);
    const { summariser } = setup();
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: laptops });
  });

  it('switches mode on the error param, not its text, and keeps it for this server only', async () => {
    const server = recordingServer([
      fail(400, { message: 'something unrelated', type: 'invalid_request_error', param: 'response_format', code: 'unsupported_value' }),
      ok(laptops),
    ]);
    const { summariser, openai } = setup();
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: laptops });
    await summariser.extract(businessRequest());
    expect(server.bodies.map((b) => b.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
    expect(server.bodies[1]!.messages[0]!.content).toContain('"twoSided"');
    expect(openai.server().mode).toBe('json_object');
    // Another server (another summariser) still starts from json_schema.
    expect(setup().openai.server().mode).toBe('json_schema');
  });

  it('does not switch on a 400 whose text merely mentions response_format but names another param', async () => {
    const server = recordingServer([
      fail(400, { message: 'response_format json_schema whatever', param: 'messages', code: 'invalid_value' }),
    ]);
    const { summariser, openai } = setup();
    const result = await summariser.extract(businessRequest());
    expect(result).toMatchObject({ via: 'offline', fallbackReason: REASONS.rejected });
    expect(server.bodies).toHaveLength(1);
    expect(openai.server().mode).toBe('json_schema');
  });

  it('tries the next mode once on a 400 that names no param, and keeps it only when it works', async () => {
    const server = recordingServer([fail(400, { message: 'bad request' }), ok(laptops)]);
    const { summariser, openai } = setup();
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm' });
    expect(server.bodies.map((b) => b.response_format?.type)).toEqual(['json_schema', 'json_object']);
    expect(openai.server().mode).toBe('json_object');

    nock.cleanAll();
    const other = recordingServer([fail(400, { message: 'bad request' })]);
    const fresh = setup();
    expect((await fresh.summariser.extract(businessRequest())).fallbackReason).toBe(REASONS.rejected);
    expect(other.bodies).toHaveLength(2);
    expect(fresh.openai.server().mode).toBe('json_schema');
  });

  it('drops response_format altogether for servers that take neither', async () => {
    const server = recordingServer([
      fail(400, { message: 'x', param: 'response_format' }),
      fail(400, { message: 'x', param: 'response_format.type' }),
      ok(laptops),
    ]);
    const { summariser } = setup();
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm' });
    expect(server.bodies.map((b) => b.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
  });

  it('one garbled reply does not switch the server; two turns in a row that ignore the schema do', async () => {
    const server = recordingServer([ok('Sure! It sells laptops.'), ok(laptops), ok('Here: {"description": "Laptops", "twoSided": false}'), ok('```json\n{"description": "Laptops", "twoSided": false}\n```'), ok(laptops)]);
    const { summariser, openai } = setup();
    // Garbled, then repaired with bare JSON: the server honours the schema after all.
    expect(await summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: laptops });
    expect(openai.server().mode).toBe('json_schema');
    await summariser.extract(businessRequest());
    expect(openai.server().mode).toBe('json_schema');
    await summariser.extract(businessRequest());
    expect(openai.server().mode).toBe('json_object');
    await summariser.extract(businessRequest());
    expect(server.bodies.map((b) => b.response_format?.type)).toEqual(['json_schema', 'json_schema', 'json_schema', 'json_schema', 'json_object']);
  });
});

describe('one repair re-ask', () => {
  it('feeds a wrong enum back with the schema error and uses the corrected reply', async () => {
    const server = recordingServer([
      ok({ touch: 'very high', industryNorm: null, breakNorm: null, rationale: null }),
      ok({ touch: 'high', industryNorm: null, breakNorm: null, rationale: null }, { usage: { prompt_tokens: 200, completion_tokens: 20 } }),
    ]);
    const { summariser } = setup();
    const result = await summariser.extract({ step: 'expectations', question: 'What contact?', answer: 'They want a lot of contact', context: {}, conversation: 'c' });
    expect(result).toMatchObject({ via: 'llm', data: { touch: 'high' } });
    // Both calls count.
    expect(result.usage).toEqual({ promptTokens: 320, completionTokens: 50 });
    const repair = server.bodies[1]!.messages;
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(repair[2]!.content).toContain('very high');
    expect(repair[3]!.content).toMatch(/does not fit the schema[\s\S]*touch/);
  });

  it('re-asks after a refusal and after a cut-off reply', async () => {
    recordingServer([() => [200, completion('', { refusal: 'I cannot help with that' })], ok(laptops)]);
    const a = setup();
    expect(await a.summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: laptops });
    nock.cleanAll();
    const server = recordingServer([ok('{"description": "Laptops for stud', { finish: 'length' }), ok(laptops)]);
    const b = setup();
    expect(await b.summariser.extract(businessRequest())).toMatchObject({ via: 'llm', data: laptops });
    expect(server.bodies[1]!.messages.at(-1)!.content).toMatch(/cut off/);
    expect(server.bodies[0]!.max_tokens).toBeGreaterThan(0);
  });

  it('falls back with the first reason when the repair is wrong too, counting both calls', async () => {
    const server = recordingServer([ok({ description: 42 }), ok({ description: 43 })]);
    const { summariser, offlineCalls } = setup();
    const result = await summariser.extract(businessRequest());
    expect(result).toMatchObject({ via: 'offline', fallbackReason: REASONS.shape, usage: { promptTokens: 240, completionTokens: 60 } });
    expect(server.bodies).toHaveLength(2);
    expect(offlineCalls).toHaveLength(1);
  });

  it('never logs the key or the reply', async () => {
    recordingServer([ok({ description: 'SECRET-VIP-ALPHA' , twoSided: 'x' })]);
    const { summariser, lines } = setup();
    await summariser.extract(businessRequest('SECRET-VIP-ALPHA pricing'));
    const all = lines.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('VIP-ALPHA');
  });
});
