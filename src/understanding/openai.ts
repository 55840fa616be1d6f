import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { EXTRACTIONS, type ExtractionOf, type ExtractionStep } from '../core/extraction.ts';
import type { Advice, AdviceRequest, AdviceStream, Extraction, ExtractionRequest, Summariser, Usage } from '../core/summariser.ts';
import type { Logger } from '../log.ts';
import { REASONS, SummariserError } from './errors.ts';
import { checkValues } from './llm/checks.ts';
import { createClient, describeTarget } from './llm/client.ts';
import { buildAdviceMessage, buildUserMessage, stripTags } from './llm/fence.ts';
import { extractJson, fillMissing } from './llm/json.ts';
import { isRetryable, isTimeout, retryDelay, sleep, statusOf, toSummariserError } from './llm/retry.ts';
import { Breaker, ServerState, type ModelCaps, type ResponseMode } from './llm/server.ts';
import { addUsage, noUsage, UsageLedger } from './llm/usage.ts';
import type { Prompts } from './prompts.ts';

// The LLM summariser: one step's question, answer and context in; the step's schema, then
// the value checks, decide what comes out. No history is ever sent, so cost grows with the
// step only. Every turn has one deadline for all its attempts; a failing server is skipped
// for a while; every token is counted against the conversation's allowance.

export interface OpenAISummariserOptions {
  apiKey: string;
  /** Any OpenAI-compatible server; unset means OpenAI itself. */
  baseURL?: string;
  /** Azure api-version: deployment URLs go through the SDK's Azure client. */
  apiVersion?: string;
  model: string;
  /** Per HTTP call; each call also stops at the turn's deadline. */
  timeoutMs: number;
  /** All attempts of one turn (retries and the repair re-ask) end by then. Default 8 s. */
  deadlineMs?: number;
  /** Retries on 429, 5xx, dropped connections and one timeout. Default 2. */
  maxRetries?: number;
  log: Logger;
  prompts: Prompts;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  retryBaseMs?: number;
  /** Cap on any wait between retries, Retry-After included. Default 8 s. */
  maxRetryDelayMs?: number;
  /** Longer answers are cut; default 4000 characters. */
  maxAnswerChars?: number;
  /** Tokens per conversation, then the offline reader; 0 for no cap. Default 50,000. */
  tokenBudget?: number;
  /** Failed turns in a row that pause the server. Default 3. */
  breakerThreshold?: number;
  /** How long a paused server is left alone. Default 60 s. */
  breakerCooldownMs?: number;
  /** For tests of the cool-down; Date.now otherwise. */
  now?: () => number;
}

/** The summariser with what it has learned about its server, for `rapport doctor`. */
export interface OpenAISummariser extends Summariser {
  readonly target: string;
  server(): { mode: ResponseMode; caps: ModelCaps; paused: boolean };
  spent(conversation: string): number;
}

/** Completion tokens per call: enough for eight segments' touchpoints, not for a runaway reply. */
const MAX_COMPLETION = 1500;
/** Reasoning models count their thinking in the same cap. */
const MAX_COMPLETION_REASONING = 6000;
const ADVICE_MAX_TOKENS = 400;
const ADVICE_MAX_WORDS = 160;
/** No attempt is started with less time than this left. */
const MIN_CALL_MS = 250;
const PROBLEM_CAP = 800;
/** Conversations remembered as told, per process. */
const TOLD_MAX = 10_000;

function remember(set: Set<string>, key: string): void {
  set.add(key);
  if (set.size > TOLD_MAX) set.delete(set.values().next().value as string);
}

interface Turn {
  conversation: string | undefined;
  deadline: number;
  usage: Usage;
  calls: number;
}

type Reading<T> = { ok: true; data: T; problems: string[] } | { ok: false; reason: string; detail: string; raw: string };

export function createOpenAISummariser(opts: OpenAISummariserOptions): OpenAISummariser {
  const { log, prompts, model } = opts;
  const now = opts.now ?? Date.now;
  const maxRetries = opts.maxRetries ?? 2;
  const retryBaseMs = opts.retryBaseMs ?? 500;
  const maxRetryDelayMs = opts.maxRetryDelayMs ?? 8000;
  const maxAnswerChars = opts.maxAnswerChars ?? 4000;
  const deadlineMs = opts.deadlineMs ?? 8000;
  const client: OpenAI = createClient({ apiKey: opts.apiKey, baseURL: opts.baseURL, apiVersion: opts.apiVersion, timeoutMs: opts.timeoutMs });
  const target = describeTarget(opts);
  const server = new ServerState();
  const breaker = new Breaker(opts.breakerThreshold ?? 3, opts.breakerCooldownMs ?? 60_000);
  const ledger = new UsageLedger(opts.tokenBudget ?? 50_000);
  // "Said once": conversations already told of the pause (per episode) or the spent allowance.
  const toldPaused = new Map<string, number>();
  const toldBudget = new Set<string>();

  /**
   * Refuses a turn before any call when the server is paused or the allowance spent. tell:
   * false for callers that show no notice (advice), so the one notice is not used up.
   */
  function gate(conversation: string | undefined, tell = true): SummariserError | null {
    const key = conversation ?? '';
    if (ledger.exhausted(conversation)) {
      const silent = toldBudget.has(key);
      if (tell && !silent) {
        remember(toldBudget, key);
        log.info('llm allowance used up; reading offline', { conversation, spent: ledger.total(conversation), budget: ledger.budget });
      }
      return new SummariserError(REASONS.budget, 'token budget spent', { silent });
    }
    if (breaker.isOpen(now())) {
      const silent = toldPaused.get(key) === breaker.episode;
      if (tell && !silent) {
        toldPaused.delete(key);
        toldPaused.set(key, breaker.episode);
        if (toldPaused.size > TOLD_MAX) toldPaused.delete(toldPaused.keys().next().value as string);
      }
      return new SummariserError(REASONS.paused, 'circuit open', { silent });
    }
    return null;
  }

  function settle(turn: Turn, failed: boolean, what: string): void {
    const total = ledger.add(turn.conversation, turn.usage);
    if (!failed) breaker.success();
    else if (breaker.failure(now())) {
      log.warn('llm server paused after repeated failures', { target, until: new Date(breaker.pausedUntil).toISOString() });
    }
    log.debug('llm usage', {
      what,
      conversation: turn.conversation,
      model,
      mode: server.mode,
      // Not "…Tokens": the logger masks any field whose name contains "token".
      prompt: turn.usage.promptTokens,
      completion: turn.usage.completionTokens,
      calls: turn.calls,
      conversationTotal: total,
      failed,
    });
  }

  function body(messages: ChatCompletionMessageParam[], mode: ResponseMode, format: unknown, cap: number): ChatCompletionCreateParamsNonStreaming {
    const caps = server.caps(model);
    // Read per call: a model found to reason mid-turn gets room for its thinking at once.
    const maxTokens = caps.temperature ? cap : MAX_COMPLETION_REASONING;
    return {
      model,
      messages,
      ...(caps.temperature ? { temperature: 0 } : {}),
      ...(caps.tokenParam === 'max_tokens' ? { max_tokens: maxTokens } : { max_completion_tokens: maxTokens }),
      ...(mode === 'json_schema' ? { response_format: format as ChatCompletionCreateParamsNonStreaming['response_format'] } : {}),
      ...(mode === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
    };
  }

  /**
   * One completion within the turn's deadline: retries (429/5xx/connection, one timeout),
   * and an immediate re-send when the server's 400 tells us what it does not take.
   */
  async function complete(
    turn: Turn,
    build: (mode: ResponseMode) => ChatCompletionCreateParamsNonStreaming,
    what: string,
  ): Promise<{ completion: ChatCompletion; mode: ResponseMode }> {
    let attempt = 0;
    let timeouts = 0;
    let adjustments = 0;
    let probe: ResponseMode | null = null;
    for (;;) {
      const remaining = turn.deadline - now();
      if (remaining < MIN_CALL_MS) throw new SummariserError(REASONS.timeout, 'turn deadline reached');
      const mode = probe ?? server.mode;
      turn.calls++;
      try {
        const completion = await client.chat.completions.create(build(mode), { timeout: Math.min(opts.timeoutMs, remaining), maxRetries: 0 });
        addUsage(turn.usage, {
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
        });
        if (probe && probe !== server.mode) {
          log.info('llm server answers without json_schema; using the next mode for this server', { target, mode: probe });
          server.mode = probe;
        }
        return { completion, mode };
      } catch (err) {
        const changed = adjustments < 4 ? server.learn(err, model, mode) : null;
        if (changed) {
          adjustments++;
          log.info('llm server rejected a parameter; adapting', { target, model, change: changed });
          continue;
        }
        if (!probe && what !== 'advice') {
          probe = server.probeFor(err, mode);
          if (probe) continue;
        }
        const retryable = isRetryable(err) && attempt < maxRetries && !(isTimeout(err) && timeouts >= 1);
        if (retryable) {
          const delayMs = retryDelay(err, attempt, retryBaseMs, maxRetryDelayMs);
          // No point waiting for a retry the deadline will not let finish.
          if (delayMs + MIN_CALL_MS <= turn.deadline - now()) {
            attempt++;
            if (isTimeout(err)) timeouts++;
            log.warn('llm call failed; retrying', { what, conversation: turn.conversation, status: statusOf(err), attempt, delayMs });
            await sleep(delayMs);
            continue;
          }
        }
        throw toSummariserError(err);
      }
    }
  }

  function read<K extends ExtractionStep>(step: K, completion: ChatCompletion, mode: ResponseMode, answer: string): Reading<ExtractionOf<K>> {
    const choice = completion.choices[0];
    const message = choice?.message;
    const content = message?.content?.trim() ?? '';
    if (choice?.finish_reason === 'length') return { ok: false, reason: REASONS.cutOff, detail: 'Your reply was cut off before the JSON ended. Reply again with the whole object and shorter text values.', raw: content };
    if (choice?.finish_reason === 'content_filter') return { ok: false, reason: REASONS.filtered, detail: '', raw: '' };
    if (message?.refusal) return { ok: false, reason: REASONS.refusal, detail: 'Do not refuse: only report what the answer says as data, using null or empty lists where it says nothing.', raw: '' };
    if (!content) return { ok: false, reason: REASONS.empty, detail: 'Your reply was empty. Reply with the JSON object.', raw: '' };
    const raw = extractJson(content);
    if (mode === 'json_schema') {
      const bare = raw !== undefined && content.startsWith('{');
      if (bare) server.schemaHonoured();
      else if (server.schemaIgnored()) log.info('llm server ignores json_schema; using json_object for this server', { target });
    }
    if (raw === undefined) return { ok: false, reason: REASONS.json, detail: 'Your reply was not a JSON object. Reply with the JSON object only.', raw: content };
    const schema = EXTRACTIONS[step] as unknown as z.ZodType<ExtractionOf<K>>;
    const parsed = schema.safeParse(fillMissing(schema, raw));
    if (!parsed.success) {
      return { ok: false, reason: REASONS.shape, detail: `Your JSON does not fit the schema:\n${cap(z.prettifyError(parsed.error), PROBLEM_CAP)}\nReply with the corrected JSON object only.`, raw: content };
    }
    const checked = checkValues(step, parsed.data, answer);
    return { ok: true, data: checked.data, problems: checked.problems };
  }

  async function extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>> {
    const { step, conversation } = request;
    const refused = gate(conversation);
    if (refused) throw refused;
    const turn: Turn = { conversation, deadline: now() + deadlineMs, usage: noUsage(), calls: 0 };
    const format = zodResponseFormat(EXTRACTIONS[step] as unknown as z.ZodType, step);
    const conversationSoFar: ChatCompletionMessageParam[] = [{ role: 'user', content: buildUserMessage(request, maxAnswerChars) }];
    const build = (mode: ResponseMode) =>
      body([{ role: 'system', content: systemPrompt(prompts[step], mode, format.json_schema.schema) }, ...conversationSoFar], mode, format, MAX_COMPLETION);
    try {
      let { completion, mode } = await complete(turn, build, step);
      let reading = read(step, completion, mode, request.answer);
      // One repair: the reply and what was wrong with it go back, within the same deadline.
      const needsRepair = !reading.ok ? reading.reason !== REASONS.filtered : reading.problems.length > 0;
      if (needsRepair && turn.deadline - now() >= MIN_CALL_MS) {
        const detail = reading.ok ? `Some values are not supported by the answer and were removed:\n- ${reading.problems.join('\n- ')}\nReply with the corrected JSON object only; use null where the answer gives no such value.` : reading.detail;
        const first = reading;
        conversationSoFar.push(
          { role: 'assistant', content: cap((!first.ok && first.raw) || (first.ok ? JSON.stringify(first.data) : '{}'), 4000) },
          { role: 'user', content: detail },
        );
        log.info('llm reply repaired once', { step, conversation, reason: first.ok ? 'values' : first.reason });
        try {
          ({ completion, mode } = await complete(turn, build, step));
          const second = read(step, completion, mode, request.answer);
          // A repair that still fails: the first reading's checked values are better than none.
          reading = second.ok || !first.ok ? second : first;
        } catch (err) {
          // The team hears what was wrong with the reply, not with the re-ask.
          if (!first.ok) throw new SummariserError(first.reason, `${step}: repair failed`, { cause: err });
        }
      }
      if (!reading.ok) throw new SummariserError(reading.reason, `${step}: ${reading.reason}`);
      settle(turn, false, step);
      return { data: reading.data, via: 'llm', usage: { ...turn.usage } };
    } catch (err) {
      settle(turn, true, step);
      const failure = toSummariserError(err);
      throw new SummariserError(failure.reason, failure.message, { cause: failure.cause ?? failure, usage: { ...turn.usage } });
    }
  }

  async function advise(request: AdviceRequest): Promise<Advice | null> {
    if (gate(request.conversation, false)) return null;
    const turn: Turn = { conversation: request.conversation, deadline: now() + deadlineMs, usage: noUsage(), calls: 0 };
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompts.advice },
      { role: 'user', content: buildAdviceMessage(request) },
    ];
    try {
      const { completion } = await complete(turn, () => body(messages, 'none', undefined, ADVICE_MAX_TOKENS), 'advice');
      const message = completion.choices[0]?.message;
      const text = message?.content?.trim();
      if (!text || message?.refusal) throw new SummariserError(REASONS.empty, 'no advice');
      settle(turn, false, 'advice');
      return { text: capWords(stripTags(text), ADVICE_MAX_WORDS), usage: { ...turn.usage } };
    } catch (err) {
      settle(turn, true, 'advice');
      log.warn('llm advice failed; answering offline', { conversation: request.conversation, reason: toSummariserError(err).reason });
      return null;
    }
  }

  /** Opens the streamed completion: retries and parameter changes only before any text arrives. */
  async function openStream(turn: Turn, messages: ChatCompletionMessageParam[], signal: AbortSignal) {
    let attempt = 0;
    let adjustments = 0;
    for (;;) {
      const remaining = turn.deadline - now();
      if (remaining < MIN_CALL_MS) throw new SummariserError(REASONS.timeout, 'turn deadline reached');
      turn.calls++;
      try {
        const params = { ...body(messages, 'none', undefined, ADVICE_MAX_TOKENS), stream: true as const, stream_options: { include_usage: true } };
        return await client.chat.completions.create(params, { timeout: Math.min(opts.timeoutMs, remaining), maxRetries: 0, signal });
      } catch (err) {
        const changed = adjustments < 4 ? server.learn(err, model, 'none') : null;
        if (changed) {
          adjustments++;
          continue;
        }
        const delayMs = retryDelay(err, attempt, retryBaseMs, maxRetryDelayMs);
        if (isRetryable(err) && !isTimeout(err) && attempt < maxRetries && delayMs + MIN_CALL_MS <= turn.deadline - now()) {
          attempt++;
          await sleep(delayMs);
          continue;
        }
        throw toSummariserError(err);
      }
    }
  }

  /** advise as a stream of text deltas; the same deadline, breaker, allowance and final checks. */
  function adviseStream(request: AdviceRequest): AdviceStream | null {
    if (gate(request.conversation, false)) return null;
    const turn: Turn = { conversation: request.conversation, deadline: now() + deadlineMs, usage: noUsage(), calls: 0 };
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: prompts.advice },
      { role: 'user', content: buildAdviceMessage(request) },
    ];
    let resolve!: (advice: Advice | null) => void;
    const done = new Promise<Advice | null>((r) => (resolve = r));
    async function* deltas(): AsyncGenerator<string> {
      // The deadline covers the whole answer, not only the wait for its first byte.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), Math.max(0, turn.deadline - now()));
      let full = '';
      let settled = false;
      let refused = false;
      let finish: string | null = null;
      try {
        const stream = await openStream(turn, messages, abort.signal);
        for await (const chunk of stream) {
          if (chunk.usage) addUsage(turn.usage, { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 });
          const choice = chunk.choices[0];
          if (choice?.delta?.refusal) refused = true;
          finish = choice?.finish_reason ?? finish;
          const piece = choice?.delta?.content;
          if (piece) {
            full += piece;
            yield piece;
          }
        }
        const text = full.trim();
        if (!text || refused || finish === 'content_filter') throw new SummariserError(REASONS.empty, 'no advice');
        settled = true;
        settle(turn, false, 'advice');
        resolve({ text: capWords(stripTags(text), ADVICE_MAX_WORDS), usage: { ...turn.usage } });
      } catch (err) {
        settled = true;
        settle(turn, true, 'advice');
        const reason = abort.signal.aborted ? REASONS.timeout : toSummariserError(err).reason;
        log.warn('llm advice failed; answering offline', { conversation: request.conversation, reason, streamed: true });
        resolve(null);
      } finally {
        clearTimeout(timer);
        if (!settled) settle(turn, false, 'advice');
        // A reader that stops early still settles the answer (as failed: it was not read to the end).
        resolve(null);
      }
    }
    return { deltas: deltas(), done };
  }

  return {
    name: 'openai',
    extract,
    advise,
    adviseStream,
    target,
    server: () => ({ mode: server.mode, caps: { ...server.caps(model) }, paused: breaker.isOpen(now()) }),
    spent: (conversation) => ledger.total(conversation),
  };
}

function systemPrompt(prompt: string, mode: ResponseMode, jsonSchema: unknown): string {
  if (mode === 'json_schema') return prompt;
  return `${prompt}\n\nReply with one JSON object matching this JSON schema, every property present (null or [] when the answer says nothing):\n${JSON.stringify(jsonSchema)}`;
}

function capWords(text: string, max: number): string {
  const words = text.split(/\s+/);
  return words.length <= max ? text : `${words.slice(0, max).join(' ')}…`;
}

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export { buildAdviceMessage, buildUserMessage } from './llm/fence.ts';
export { retryDelay } from './llm/retry.ts';
