import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import type { Summariser } from '../src/core/summariser.ts';
import type { Turn } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys } from './support/redis.ts';
import { makeEngine, terminalKey, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { CHANNEL, OMAR, chainReply, chainSubmit, channelPost, postActivity, startFakeConnector, startRoutes, teamsConfig, type FakeConnector, type Sent } from './teams-fakes.ts';

// The real engine, the offline summariser and Redis stores behind the real
// /api/messages route; only Bot Framework's connector is faked.

type Card = { body: Record<string, unknown>[]; actions?: { title: string; data: Record<string, unknown> }[] };
const cardOf = (m: Sent): Card | undefined => (m.body.attachments as { content: Card }[] | undefined)?.[0]?.content;

let connector: FakeConnector;
let server: { url: string; close(): Promise<void> };
let adapter: TeamsAdapter;
let cleanup: () => Promise<void>;

async function boot(summariser?: Summariser) {
  const made = await makeEngine('redis', summariser ? { summariser } : {});
  adapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger });
  await adapter.start();
  server = await startRoutes(adapter.routes, silentLogger);
  cleanup = async () => {
    await made.stores.close();
    await deleteKeys(made.prefix);
  };
  return made;
}

beforeEach(async () => {
  connector = await startFakeConnector();
});

afterEach(async () => {
  await adapter?.stop();
  await server?.close();
  await connector.close();
  await cleanup?.();
});

const chain = (root: string) => `${CHANNEL};messageid=${root}`;
const withoutTime = (design: Record<string, unknown>) => ({ ...design, updatedAt: undefined });

/** One answer: typed text, a button pressed, or options picked on a multi-choice card. */
type Step = { say: string } | { press: string } | { pick: string[] };

// conversation.md's two-segment example, with three answers given on cards instead.
const SCRIPT: Step[] = TWO_SEGMENT_SCRIPT.slice(1).map((say, i) => {
  if (i === 2) return { press: 'Low touch' };
  if (i === 8) return { press: 'High touch' };
  if (i === 9) return { pick: ['Personal help', 'Dedicated person'] };
  return { say };
});

/** The card submit a person makes for step on the bot's latest card, as Teams sends its value. */
function submitValue(card: Card, step: { press: string } | { pick: string[] }): Record<string, unknown> {
  if ('press' in step) {
    const button = card.actions?.find((a) => a.title === step.press);
    if (!button) throw new Error(`no "${step.press}" button on the latest card: ${JSON.stringify(card)}`);
    return button.data;
  }
  const set = card.body.find((b) => b.type === 'Input.ChoiceSet') as { id: string; choices: { title: string; value: string }[] } | undefined;
  if (!set) throw new Error(`the latest card has no choice set: ${JSON.stringify(card)}`);
  const picked = step.pick.map((title) => set.choices.find((c) => c.title === title)!.value);
  return { ...card.actions![0]!.data, [set.id]: picked.join(',') };
}

describe('Teams end to end (real engine, offline summariser, Redis)', () => {
  it('a whole two-segment design through a channel mention, chain replies and card submits gives the same export json as the terminal', async () => {
    const { engine } = await boot();
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    expect((await postActivity(server.url, post)).status).toBe(200);
    await adapter.idle();

    // The terminal gets the same turns: typed text, or the label and value a card sends.
    const tkey = terminalKey();
    const terminalTurns: Pick<Turn, 'text' | 'choice'>[] = [{ text: TWO_SEGMENT_SCRIPT[0]! }];

    for (const [i, step] of SCRIPT.entries()) {
      const from = i % 2 ? OMAR : undefined; // two founders answer in the same chain
      if ('say' in step) {
        expect((await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: step.say, ...(from ? { from } : {}) }))).status).toBe(200);
        terminalTurns.push({ text: step.say });
      } else {
        const latest = connector.messages(chain(post.id)).filter((m) => cardOf(m)?.actions).at(-1)!;
        const value = submitValue(cardOf(latest)!, step);
        expect((await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value, ...(from ? { from } : {}) }))).status).toBe(200);
        const label = 'press' in step ? step.press : step.pick.join(', ');
        const picked = 'press' in step ? String(value.value) : step.pick.map((l) => (value.values as string[])[(value.labels as string[]).indexOf(l)]).join(', ');
        terminalTurns.push({ text: label, choice: { value: picked } });
      }
      await adapter.idle();
    }
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'export json' }));
    await adapter.idle();

    const sent = connector.messages();
    // Everything went into the post's reply chain, nothing became a new post.
    expect(new Set(sent.map((m) => m.conversation))).toEqual(new Set([chain(post.id)]));
    expect(connector.sent.some((s) => s.conversation === '')).toBe(false);
    // Choice steps arrived as Adaptive Cards, and a summary card was shown.
    expect(sent.filter((m) => cardOf(m)?.actions?.some((a) => a.title === 'Low touch')).length).toBeGreaterThanOrEqual(2);
    const exported = sent.at(-1)!.body.text as string;
    const json = /```json\n([\s\S]*)\n```$/.exec(exported)?.[1];
    expect(json, exported).toBeDefined();
    const teamsDesign = JSON.parse(json!) as Record<string, unknown> & { segments: unknown[] };
    expect(teamsDesign.segments).toHaveLength(2);

    let terminalFile = '';
    for (const [n, t] of [...terminalTurns, { text: 'export json' }].entries()) {
      const replies = await engine.handle({ key: tkey, author: { id: 'local' }, ...t, messageId: `t${n}`, receivedAt: new Date() });
      const file = replies.find((r) => r.kind === 'file');
      if (file?.kind === 'file') terminalFile = file.content;
    }
    expect(withoutTime(teamsDesign)).toEqual(withoutTime(JSON.parse(terminalFile) as Record<string, unknown>));
  }, 120_000);

  it('summary and export md arrive as cards in the chain; forget is confirmed on a card', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    for (const say of TWO_SEGMENT_SCRIPT.slice(1, 4)) await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: say }));
    await adapter.idle();
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'export md' }));
    await adapter.idle();
    const md = cardOf(connector.messages(chain(post.id)).at(-1)!)!;
    expect(JSON.stringify(md.body)).toMatch(/Freelance designers/i);
    expect(md.body.at(-1)).toMatchObject({ text: 'customer-relationships.md' });

    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'forget' }));
    await adapter.idle();
    const confirm = cardOf(connector.messages(chain(post.id)).at(-1)!)!;
    expect(confirm.actions!.length).toBe(2);
    const yes = confirm.actions!.find((a) => /yes/i.test(a.title))!;
    await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value: yes.data, cardId: 'confirm-card' }));
    await adapter.idle();
    const after = connector.messages(chain(post.id)).at(-1)!;
    expect(String(after.body.text)).toMatch(/deleted|forgot|gone/i);
    // The pressed confirm card was replaced by who chose what.
    expect(JSON.stringify(connector.sent.find((s) => s.method === 'PUT' && s.activityId === 'confirm-card')!.body)).toContain(yes.title);
  }, 60_000);

  it('a turn whose summariser is slow still gets its HTTP answer at once and its reply later, proactively', async () => {
    // As long as the issue says: well past Bot Framework's 15-second limit.
    const SLOW_MS = 20_000;
    const offline = createOfflineSummariser();
    const slow: Summariser = {
      name: 'slow',
      async extract(req) {
        await new Promise((r) => setTimeout(r, SLOW_MS));
        return offline.extract(req);
      },
    };
    await boot(slow);
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    await adapter.idle();
    const before = connector.messages().length;

    const res = await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! }));
    const answeredAt = Date.now();
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    // Typing first, while the summariser works.
    expect(connector.sent.at(-1)!.body.type).toBe('typing');
    await connector.waitFor(() => connector.messages().length > before, SLOW_MS * 4);
    const reply = connector.messages()[before]!;
    expect(reply.at - answeredAt).toBeGreaterThanOrEqual(SLOW_MS - 1000);
    expect(reply.conversation).toBe(chain(post.id));
  }, 60_000);

  it('a huge message gets a clear answer and changes nothing', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'word '.repeat(100_000) }));
    await adapter.idle();
    expect(String(connector.messages(chain(post.id)).at(-1)!.body.text)).toMatch(/characters long/);
  }, 30_000);
});
