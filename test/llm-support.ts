import nock from 'nock';
import type { ExtractionOf, ExtractionStep } from '../src/core/extraction.ts';
import type { Extraction, ExtractionRequest, Summariser } from '../src/core/summariser.ts';
import { createFallbackSummariser } from '../src/understanding/fallback.ts';
import { createOpenAISummariser, type OpenAISummariserOptions } from '../src/understanding/openai.ts';
import { loadPrompts } from '../src/understanding/prompts.ts';
import { createLogger } from '../src/log.ts';

// Shared by the llm-*.test.ts files: the real openai client against nock at the network edge.

export const ORIGIN = 'http://llm.test';
export const PATH = '/v1/chat/completions';
export const API_KEY = 'plain-test-key-7f3a9c21';
export const prompts = loadPrompts();

export interface ChatBody {
  model: string;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: unknown } };
}

export function completion(content: string | object, opts: { usage?: { prompt_tokens: number; completion_tokens: number }; finish?: string; refusal?: string } = {}) {
  const usage = opts.usage ?? { prompt_tokens: 120, completion_tokens: 30 };
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content), refusal: opts.refusal ?? null },
        finish_reason: opts.finish ?? 'stop',
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

export function setup(overrides: Partial<OpenAISummariserOptions> = {}) {
  const lines: string[] = [];
  const log = createLogger('debug', (l) => lines.push(l));
  const offlineCalls: ExtractionRequest[] = [];
  const offline: Summariser = {
    name: 'offline-double',
    async extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>> {
      offlineCalls.push(request);
      const data = { description: 'offline guess', twoSided: null } as unknown as ExtractionOf<K>;
      return { data, via: 'offline' };
    },
  };
  const openai = createOpenAISummariser({
    apiKey: API_KEY,
    baseURL: `${ORIGIN}/v1`,
    model: 'test-model',
    timeoutMs: 2000,
    retryBaseMs: 1,
    maxRetryDelayMs: 20,
    log,
    prompts,
    ...overrides,
  });
  const summariser = createFallbackSummariser(openai, offline, log);
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summariser, openai, lines, logged, offlineCalls };
}

export const businessRequest = (answer = 'We sell refurbished laptops to students, online only.', conversation = 'conv-1'): ExtractionRequest<'business'> => ({
  step: 'business',
  question: 'What does your business do, and for whom?',
  answer,
  context: {},
  conversation,
});

/** Records each request body and answers with the given replies in turn (the last one repeats). */
export function recordingServer(replies: ((body: ChatBody) => [number, unknown, Record<string, string>?])[], origin = ORIGIN, path = PATH) {
  const bodies: ChatBody[] = [];
  const paths: string[] = [];
  const headers: Record<string, string | string[] | undefined>[] = [];
  const scope = nock(origin)
    .persist()
    .post((uri) => uri.startsWith(path))
    .reply(function (uri, b) {
      const body = b as ChatBody;
      bodies.push(body);
      paths.push(uri);
      headers.push({ ...this.req.headers });
      const reply = replies[Math.min(bodies.length - 1, replies.length - 1)]!;
      const [status, payload, extra] = reply(body);
      return [status, payload as nock.Body, extra ?? {}];
    });
  return { bodies, paths, headers, scope };
}

export const ok = (content: string | object, opts?: Parameters<typeof completion>[1]) => () => [200, completion(content, opts)] as [number, unknown];
export const fail = (status: number, error: object = { message: 'failed' }, headers?: Record<string, string>) => () =>
  [status, { error }, headers] as [number, unknown, Record<string, string>?];
