import { getEncoding } from 'js-tiktoken';
import nock from 'nock';
import { createEngine } from '../src/core/engine.ts';
import type { ExtractionStep } from '../src/core/extraction.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { silentLogger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { createFallbackSummariser } from '../src/understanding/fallback.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { createOpenAISummariser } from '../src/understanding/openai.ts';
import { defaultPrompts } from '../src/understanding/prompts.ts';

// Tokens one design costs on the LLM path, counted with a real tokenizer (o200k_base, the
// gpt-4o family's) on the requests the real engine sends. The model is faked in-process
// (nock): it answers with the offline reader's reading, so the dialog goes on as it would.
// "Sent" is what the server bills as prompt: messages plus the json_schema.

const ORIGIN = 'http://bench-llm.test';
const enc = getEncoding('o200k_base');
const count = (s: string) => enc.encode(s).length;

// Per-message framing as OpenAI counts it for chat models.
const MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 3;

interface Body {
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
}

interface Tally {
  calls: number;
  messages: number;
  system: number;
  schema: number;
  completion: number;
}

const SEGMENT_ANSWERS = [
  [
    'low touch, they just want to sign up and go. same as every SaaS tool.',
    'docs and tutorials, plus a forum where users help each other',
    'referral program and content to win; onboarding emails and the forum to keep; a premium tier to grow',
    'almost nothing, maybe $1 a month each in support; they pay $12/month',
    'finds us on Google, signs up for the trial (should feel it is easy), onboarding emails, upgrade',
    'competitors give email support only; our forum answers faster',
  ],
  [
    'high touch, agencies expect a named contact',
    'a dedicated account manager for each agency, long-term contracts',
    'direct sales and events to win; quarterly reviews and the account manager to keep; add-on services to grow',
    'the account manager costs us $300 of the $400 each agency pays per month',
    'visits the website, then a demo call (should feel understood), then onboarding workshop',
    'competitors give email support only; we can do a personal first sale then automated support',
  ],
];
const NAMES = ['freelance designers', 'small agencies of 5-20 people', 'in-house design teams', 'design schools', 'print shops', 'marketing consultants', 'photographers', 'architects'];

function script(segments: number): string[] {
  const names = NAMES.slice(0, segments);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const out = ["let's work on our customer relationships", 'A project-management app for creative work, priced per seat.', list];
  // More than five segments: the dialog asks whether the list is right.
  if (segments > 5) out.push('yes');
  for (let i = 0; i < segments; i++) out.push(...SEGMENT_ANSWERS[i % 2]!);
  return out;
}

function fakeModel(tally: Tally) {
  const offline = createOfflineSummariser();
  nock(ORIGIN)
    .persist()
    .post('/v1/chat/completions')
    .reply(async (_uri, raw) => {
      const body = raw as Body;
      const step = body.response_format?.json_schema?.name as ExtractionStep;
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const answer = /<answer>\n([\s\S]*)\n<\/answer>/.exec(user)?.[1] ?? '';
      const reading = await offline.extract({ step, question: '', answer, context: {} });
      const content = JSON.stringify(reading.data);
      const prompt = body.messages.reduce((n, m) => n + count(m.content) + MESSAGE_OVERHEAD, REPLY_PRIMING);
      const schema = body.response_format?.json_schema ? count(JSON.stringify(body.response_format.json_schema)) : 0;
      const completion = count(content);
      tally.calls++;
      tally.messages += prompt;
      tally.system += count(body.messages[0]?.content ?? '');
      tally.schema += schema;
      tally.completion += completion;
      return [
        200,
        {
          id: 'bench',
          object: 'chat.completion',
          created: 0,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: prompt + schema, completion_tokens: completion, total_tokens: prompt + schema + completion },
        },
      ];
    });
}

async function design(segments: number): Promise<Tally> {
  const tally: Tally = { calls: 0, messages: 0, system: 0, schema: 0, completion: 0 };
  nock.cleanAll();
  fakeModel(tally);
  const openai = createOpenAISummariser({
    apiKey: 'bench',
    baseURL: `${ORIGIN}/v1`,
    model: 'gpt-4o-mini',
    timeoutMs: 10_000,
    tokenBudget: 0,
    log: silentLogger,
    prompts: defaultPrompts(),
  });
  const stores = await createStores({ prefix: `bench-tokens-${segments}`, log: silentLogger });
  const engine = createEngine({
    store: stores.kv,
    lock: stores.lock,
    summariser: createFallbackSummariser(openai, createOfflineSummariser(), silentLogger),
    dialog: designDialog,
    log: silentLogger,
  });
  const key: ConversationKey = { platform: 'terminal', workspace: 'bench', channel: 'bench', thread: `tokens-${segments}` };
  let n = 0;
  for (const text of script(segments)) {
    await engine.handle({ key, author: { id: 'U1' }, text, messageId: `t${segments}-${++n}`, receivedAt: new Date() });
  }
  const session = Session.parse(await stores.kv.get(sessionKey(conversationId(key))));
  await stores.close();
  if (session.cursor.step !== 'done' || session.design.segments.length !== segments) {
    console.warn(`warning: the ${segments}-segment script ended at ${session.cursor.step} with ${session.design.segments.length} segments`);
  }
  return tally;
}

export async function run(): Promise<void> {
  nock.disableNetConnect();
  const rows: string[] = [];
  let two = 0;
  for (const segments of [1, 2, 4, 8]) {
    const t = await design(segments);
    const sent = t.messages + t.schema;
    if (segments === 2) two = sent;
    rows.push(
      [
        String(segments).padStart(8),
        String(t.calls).padStart(5),
        String(t.messages).padStart(9),
        `${String(t.system).padStart(7)} (${Math.round((t.system / t.messages) * 100)}%)`.padStart(13),
        String(t.schema).padStart(7),
        String(sent).padStart(7),
        String(t.completion).padStart(11),
        String(Math.round(sent / t.calls)).padStart(9),
      ].join(' '),
    );
  }
  nock.cleanAll();
  nock.enableNetConnect();
  console.log('tokens per design (o200k_base; sent = messages + json_schema)');
  console.log('segments calls  messages  system prompts  schema    sent  completion  per call');
  for (const r of rows) console.log(r);
  console.log(`two-segment design: ${two.toLocaleString('en-US')} tokens sent (aim ≤ 8,000) ${two <= 8000 ? '✓' : '✗'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
