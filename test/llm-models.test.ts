import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, loadConfig } from '../src/config.ts';
import { azureTarget } from '../src/understanding/llm/client.ts';
import { businessRequest, fail, ok, recordingServer, setup } from './llm-support.ts';

// Failures 3 and 4: reasoning models and Azure deployments.

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const laptops = { description: 'Laptops for students', twoSided: false };

describe('reasoning models', () => {
  it('learns from a 400 on temperature that the model takes none, and remembers it', async () => {
    const server = recordingServer([
      fail(400, { message: "Unsupported value: 'temperature' does not support 0 with this model.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' }),
      ok(laptops),
    ]);
    const { summariser, openai } = setup({ model: 'my-deployment' });
    const first = await summariser.extract(businessRequest());
    const second = await summariser.extract(businessRequest());
    expect(first).toMatchObject({ via: 'llm', data: laptops });
    expect(second.via).toBe('llm');
    expect(server.bodies.map((b) => b.temperature)).toEqual([0, undefined, undefined]);
    // Room for its reasoning from the re-sent call on.
    expect(server.bodies.map((b) => (b.max_tokens ?? 0) >= 4000)).toEqual([false, true, true]);
    expect(openai.server().caps.temperature).toBe(false);
  });

  it('moves to max_completion_tokens when max_tokens is rejected', async () => {
    const server = recordingServer([
      fail(400, { message: "Unsupported parameter: 'max_tokens'", param: 'max_tokens', code: 'unsupported_parameter' }),
      ok(laptops),
    ]);
    const { summariser } = setup();
    expect((await summariser.extract(businessRequest())).via).toBe('llm');
    expect(server.bodies[0]!.max_tokens).toBeGreaterThan(0);
    expect(server.bodies[1]!.max_tokens).toBeUndefined();
    expect(server.bodies[1]!.max_completion_tokens).toBeGreaterThan(0);
  });

  it('sends no temperature and max_completion_tokens to o-series and gpt-5 models from the start', async () => {
    const server = recordingServer([ok(laptops)]);
    for (const model of ['o3-mini', 'gpt-5-mini', 'openai/o4-mini']) {
      const { summariser } = setup({ model });
      expect((await summariser.extract(businessRequest())).via).toBe('llm');
    }
    for (const body of server.bodies) {
      expect(body.temperature).toBeUndefined();
      expect(body.max_tokens).toBeUndefined();
      expect(body.max_completion_tokens).toBeGreaterThanOrEqual(4000);
    }
  });
});

describe('Azure', () => {
  const AZURE = 'https://rapport-test.openai.azure.com';

  it('reads the deployment and api-version from the URL or the setting', () => {
    expect(azureTarget(`${AZURE}/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21`, undefined)).toEqual({
      endpoint: AZURE,
      deployment: 'gpt4o',
      apiVersion: '2024-10-21',
    });
    expect(azureTarget(`${AZURE}/openai/deployments/gpt4o`, '2025-01-01-preview')).toMatchObject({ deployment: 'gpt4o', apiVersion: '2025-01-01-preview' });
    expect(azureTarget(`${AZURE}/openai/v1/`, undefined)).toBeNull();
    expect(azureTarget('https://api.openai.com/v1', undefined)).toBeNull();
  });

  it('calls a deployment through the Azure client: deployment path, api-version query, api-key header', async () => {
    const server = recordingServer([ok(laptops)], AZURE, '/openai/deployments/gpt4o/chat/completions');
    const { summariser } = setup({ baseURL: `${AZURE}/openai/deployments/gpt4o?api-version=2024-10-21`, model: 'gpt-4o-mini' });
    const result = await summariser.extract(businessRequest());
    expect(result.via).toBe('llm');
    expect(server.paths[0]).toBe('/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21');
    expect(server.headers[0]!['api-key']).toBe('plain-test-key-7f3a9c21');
    expect(server.headers[0]!.authorization).toBeUndefined();
  });

  it('uses the v1 endpoint as a plain OpenAI-compatible server, key in api-key too', async () => {
    const server = recordingServer([ok(laptops)], AZURE, '/openai/v1/chat/completions');
    const { summariser } = setup({ baseURL: `${AZURE}/openai/v1` });
    expect((await summariser.extract(businessRequest())).via).toBe('llm');
    expect(server.paths[0]).toBe('/openai/v1/chat/completions');
    expect(server.headers[0]!['api-key']).toBe('plain-test-key-7f3a9c21');
  });

  it('validates the new settings', () => {
    const config = ConfigSchema.parse({});
    expect(config.RAPPORT_LLM_DEADLINE_MS).toBe(8000);
    expect(config.RAPPORT_LLM_TOKEN_BUDGET).toBe(50_000);
    expect(config.OPENAI_API_VERSION).toBeUndefined();
    expect(() => loadConfig({ RAPPORT_LLM_DEADLINE_MS: '10' })).toThrow(/RAPPORT_LLM_DEADLINE_MS/);
    expect(() => loadConfig({ RAPPORT_LLM_TOKEN_BUDGET: '-1' })).toThrow(/RAPPORT_LLM_TOKEN_BUDGET/);
    expect(() => loadConfig({ OPENAI_API_VERSION: 'yesterday', OPENAI_BASE_URL: AZURE })).toThrow(/OPENAI_API_VERSION/);
    expect(() => loadConfig({ OPENAI_API_VERSION: '2024-10-21' })).toThrow(/OPENAI_BASE_URL/);
    expect(loadConfig({ OPENAI_API_VERSION: '2024-10-21', OPENAI_BASE_URL: AZURE, RAPPORT_LLM_TOKEN_BUDGET: '0' })).toMatchObject({
      OPENAI_API_VERSION: '2024-10-21',
      RAPPORT_LLM_TOKEN_BUDGET: 0,
    });
  });
});
