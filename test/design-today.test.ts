import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { runChecks } from '../src/coaching/index.ts';
import { RelationshipDesign, emptyDesign, newSegment } from '../src/core/design.ts';
import type { Reply } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { reasonOf, splitRationale, todaySentence, withToday } from '../src/core/today.ts';
import { conversationId } from '../src/core/turn.ts';
import { rationaleAfter } from '../src/dialogs/design/asks.ts';
import { stepById, type StepContext } from '../src/dialogs/design/steps.ts';
import { silentLogger } from '../src/log.ts';
import { createSummariser } from '../src/understanding/index.ts';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// Today's relationship (existing businesses) and whether customers like it: read from the
// expectations answer offline and by the LLM, kept at the head of the segment's rationale
// (the exported contract has no field for it), shown in the exports and used by a check.

const NOW = new Date('2026-11-24T10:00:00Z');

describe('the "Today:" sentence in the rationale', () => {
  it('is written and read back, and the reason after it stays the reason', () => {
    const s = todaySentence({ what: 'a rep visits every six weeks. They like the rep', happy: 'no' });
    expect(s).toBe('Today: a rep visits every six weeks, They like the rep; customers happy: no.');
    expect(splitRationale(`${s} because pubs are busy`)).toEqual({
      today: { what: 'a rep visits every six weeks, They like the rep', happy: 'no' },
      reason: 'because pubs are busy',
    });
    expect(splitRationale('because pubs are busy')).toEqual({ today: null, reason: 'because pubs are busy' });
    expect(splitRationale('Today: email only.')).toEqual({ today: { what: 'email only', happy: null }, reason: null });
    expect(todaySentence({ what: null, happy: null })).toBeNull();
  });

  it('merges with what was stored: a new reason keeps today, a new verdict keeps the words', () => {
    const old = 'Today: phone calls; customers happy: yes. because they are busy';
    expect(withToday(old, null, 'they hate waiting')).toBe('Today: phone calls; customers happy: yes. they hate waiting');
    expect(withToday(old, { what: null, happy: 'mixed' }, null)).toBe('Today: phone calls; customers happy: mixed. because they are busy');
    expect(reasonOf(old)).toBe('because they are busy');
  });
});

describe('the offline reader', () => {
  const read = (text: string) => {
    const d = offlineExtract('expectations', text);
    return { today: d.today, happy: d.happy };
  };

  it('reads what they have today and the verdict, in founders’ words', () => {
    expect(read('pubs expect a rep to come round. today our rep visits every 6 weeks and they’re happy with it')).toEqual({
      today: 'our rep visits every 6 weeks',
      happy: 'yes',
    });
    expect(read('they expect a human. Today: email + a phone line. Are they happy? not really, the line is always busy')).toEqual({
      today: 'email + a phone line',
      happy: 'no',
    });
    expect(read('medium, we do it by phone today, no complaints so far')).toMatchObject({ today: 'we do it by phone', happy: 'yes' });
    expect(read('accountants expect a named contact. these days clients get whoever picks up the phone - it’s hit and miss').happy).toBe('mixed');
  });

  it('reads nothing when the answer says nothing about today, and a goal is not a verdict', () => {
    expect(read('low touch, they want the app to work. nobody in this market calls anyone')).toEqual({ today: null, happy: null });
    expect(read('high touch, we want to keep them happy whatever it takes')).toEqual({ today: null, happy: null });
  });
});

function existing(edit: (d: RelationshipDesign) => void = () => {}): StepContext {
  const d = emptyDesign(NOW);
  d.business.description = 'We run a family-owned craft brewery since 2009, selling kegs to pubs';
  d.segments = [newSegment('Pubs', [])];
  edit(d);
  const design = RelationshipDesign.parse(d);
  return { design, segment: design.segments[0]!, index: 0 };
}

describe('the expectations step', () => {
  it('stores today first in the rationale, then the reason, and says what it noted', () => {
    const ctx = existing();
    const d = { ...offlineExtract('expectations', 'high touch because pubs are busy. right now a rep visits monthly and honestly they moan about it'), touch: 'high' as const };
    const edits = stepById('expectations').edits(ctx as never, d as never, false);
    const rationale = edits.find((e) => e.path.at(-1) === 'rationale')?.value;
    expect(rationale).toBe('Today: a rep visits monthly; customers happy: no. because pubs are busy');
    expect(stepById('expectations').noted(ctx as never, d as never)).toMatch(/today: a rep visits monthly \(customers happy: no\)/);
  });

  it('keeps a new business’s "currently" only with a verdict', () => {
    const d = { touch: null, industryNorm: null, breakNorm: null, rationale: null, today: 'nobody offers this', happy: null } as const;
    expect(rationaleAfter(null, d, false)).toBeNull();
    expect(rationaleAfter(null, { ...d, happy: 'no' }, false)).toBe('Today: nobody offers this; customers happy: no.');
    expect(rationaleAfter(null, d, true)).toBe('Today: nobody offers this.');
  });

  it('leaves the rationale alone when nothing new was said', () => {
    const ctx = existing((d) => (d.segments[0]!.rationale = 'Today: a rep; customers happy: yes.'));
    expect(rationaleAfter(ctx.segment!.rationale, { touch: 'high', industryNorm: null, breakNorm: null, rationale: null, today: null, happy: null })).toBeNull();
  });
});

describe('existing_unhappy_kept', () => {
  const codes = (ctx: StepContext) => runChecks(ctx.design).filter((f) => f.code === 'existing_unhappy_kept');

  it('warns when customers are unhappy with today and the plan keeps the same relationship', () => {
    const ctx = existing((d) => {
      const s = d.segments[0]!;
      s.rationale = 'Today: our rep visits every month; customers happy: no.';
      s.relationship.types = ['personal_assistance'];
      s.relationship.touch = 'medium';
    });
    const [f] = codes(ctx);
    expect(f?.severity).toBe('warning');
    expect(f?.message).toMatch(/not happy with what they get today \("our rep visits every month"\), and the plan keeps it \(personal assistance, medium touch\)/i);
  });

  it('is an info when customers are split, and quiet when the plan changes or customers are happy', () => {
    const base = (happy: string, types: RelationshipDesign['segments'][number]['relationship']['types']) =>
      existing((d) => {
        const s = d.segments[0]!;
        s.rationale = `Today: it's all self-serve on the website; customers happy: ${happy}.`;
        s.relationship.types = types;
        s.relationship.touch = 'low';
      });
    expect(codes(base('mixed', ['self_service']))[0]?.severity).toBe('info');
    expect(codes(base('no', ['self_service', 'dedicated_personal_assistance']))).toHaveLength(0);
    expect(codes(base('yes', ['self_service']))).toHaveLength(0);
  });

  it('does not take today’s sentence for a reason to break the norm', () => {
    const ctx = existing((d) => {
      const s = d.segments[0]!;
      s.expected = { touch: 'high', industryNorm: 'a rep who visits', breakNorm: true };
      s.rationale = 'Today: our rep visits; customers happy: yes.';
    });
    expect(runChecks(ctx.design).map((f) => f.code)).toContain('norm_break_unexplained');
  });
});

describe('a whole design, offline', () => {
  it('keeps today in the rationale, raises the finding, and shows it in the markdown export', async () => {
    const { engine, stores } = await makeEngine('memory');
    const key = terminalKey();
    const replies: Reply[] = [];
    const send = async (text: string) => {
      const got = await engine.handle(turn(key, text));
      replies.push(...got);
      return said(got);
    };
    const messages: string[] = [];
    const answers = [
      'We run a family-owned craft brewery since 2009, selling kegs to pubs',
      'pubs',
      'high touch, pubs expect a rep. today our rep visits every month and honestly they complain he never has time',
      'personal help from our rep, long-term, direct',
    ];
    messages.push(await send('hello'));
    for (const a of answers) messages.push(await send(a));
    const session = Session.parse(await stores.kv.get(sessionKey(conversationId(key))));
    const seg = session.design.segments[0]!;
    expect(seg.rationale).toMatch(/^Today: our rep visits every month; customers happy: no\./);
    expect(runChecks(session.design).map((f) => f.code)).toContain('existing_unhappy_kept');
    // Raised in the flow, right after the relationship answer that keeps today's relationship.
    expect(messages.at(-1)).toMatch(/not happy with what they get today/);
    for (const r of replies) expect(said([r]).length, said([r])).toBeLessThanOrEqual(600);
    const md = await send('export md');
    expect(md).toMatch(/### Why this relationship\s+Today: our rep visits every month; customers happy: no\./);
    await stores.close();
  });
});

describe('the LLM path', () => {
  const ORIGIN = 'http://llm.test';
  const config = ConfigSchema.parse({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${ORIGIN}/v1`, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '1000' });
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => nock.cleanAll());

  it('asks the model for today and the verdict, and a reply without them still reads', async () => {
    const bodies: string[] = [];
    const reply = (content: unknown) => ({
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'test-model',
      choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content), refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
    nock(ORIGIN)
      .post('/v1/chat/completions')
      .reply(200, (_u, b) => (bodies.push(JSON.stringify(b)), reply({ touch: 'high', industryNorm: null, breakNorm: null, rationale: null, today: 'a rep visits monthly', happy: 'no' })))
      .post('/v1/chat/completions')
      .reply(200, () => reply({ touch: 'low', industryNorm: null, breakNorm: null, rationale: null }));
    const summariser = createSummariser(config, silentLogger);
    const answer = 'High touch. Today a rep visits monthly and they moan about it.';
    const first = await summariser.extract({ step: 'expectations', question: 'What do they expect?', answer, context: {} });
    expect(first.data).toMatchObject({ today: 'a rep visits monthly', happy: 'no' });
    expect(bodies[0]).toMatch(/today/);
    expect(bodies[0]).toMatch(/happy/);
    const second = await summariser.extract({ step: 'expectations', question: 'What do they expect?', answer: 'low touch', context: {} });
    expect(second.data).toMatchObject({ touch: 'low', today: null, happy: null });
  });
});
