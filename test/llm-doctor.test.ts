import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { runDoctor } from '../src/commands/doctor.ts';
import { fail, ok, recordingServer } from './llm-support.ts';

// Failure 3 as an operator sees it: doctor makes a real structured read and says what the
// server supports, instead of a ✓ for a model that rejects every read.

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

async function doctor(env: Record<string, string>) {
  const config = ConfigSchema.parse({ OPENAI_API_KEY: 'doctor-key-123', OPENAI_BASE_URL: 'http://llm.test/v1', ...env });
  let out = '';
  const code = await runDoctor(config, { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream);
  return { code, line: out.split('\n').find((l) => l.includes('AI summariser')) ?? '' };
}

describe('doctor and the model', () => {
  it('reports what a reasoning model supports after a real read', async () => {
    const server = recordingServer([fail(400, { message: 'no', param: 'temperature', code: 'unsupported_value' }), ok({ description: 'Laptops', twoSided: false })]);
    const { code, line } = await doctor({ OPENAI_MODEL: 'my-reasoner' });
    expect(code).toBe(0);
    expect(line).toMatch(/^✓ AI summariser: http:\/\/llm\.test\/v1, model my-reasoner read a test answer in .* for 150 tokens/);
    expect(line).toMatch(/strict JSON schema, no temperature/);
    expect(line).toMatch(/50,000 tokens \(RAPPORT_LLM_TOKEN_BUDGET\)/);
    expect(server.bodies[0]!.response_format?.type).toBe('json_schema');
    expect(line).not.toContain('doctor-key-123');
  });

  it('fails with the reason and a hint when every read is rejected', async () => {
    recordingServer([fail(404, { message: 'The model does not exist', code: 'model_not_found' })]);
    const { code, line } = await doctor({ OPENAI_MODEL: 'gpt-nope' });
    expect(code).toBe(1);
    expect(line).toMatch(/^✗ AI summariser: .*did not answer a test read: the AI service rejected the request \(HTTP 404\)\. Check OPENAI_MODEL \("gpt-nope"\)/);
  });
});
