import { describe, expect, it } from 'vitest';
import { checkShape, classify, stripMentions } from '../src/adapters/teams/parse.ts';
import { readSubmit } from '../src/adapters/teams/submit.ts';
import { CHAT_THREAD, keyOfConversation, splitConversationId, teamsConversationId } from '../src/adapters/teams/thread-key.ts';
import { CHANNEL, MAYA, TENANT, botInstalled, chainExecute, chainReply, chainSubmit, channelPost, groupMessage, personalMessage } from './teams-fakes.ts';

const url = 'https://smba.trafficmanager.net/emea/';

describe('Teams thread keys', () => {
  it('split the reply chain root out of the conversation id, and back', () => {
    expect(splitConversationId(`${CHANNEL};messageid=1712345678901`)).toEqual({ base: CHANNEL, root: '1712345678901' });
    expect(splitConversationId('a:personal')).toEqual({ base: 'a:personal' });
    const key = keyOfConversation(TENANT, `${CHANNEL};messageid=42`);
    expect(key).toEqual({ platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: '42' });
    expect(teamsConversationId(key)).toBe(`${CHANNEL};messageid=42`);
    expect(teamsConversationId({ channel: 'a:chat', thread: CHAT_THREAD })).toBe('a:chat');
  });
});

describe('Teams mentions', () => {
  it('removes the bot mention by entity and keeps other people’s names', () => {
    const entities = [
      { type: 'mention', text: '<at>Rapport</at>', mentioned: { id: 'bot' } },
      { type: 'mention', text: '<at>Omar</at>', mentioned: { id: 'omar' } },
    ];
    expect(stripMentions('<at>Rapport</at> ask <at>Omar</at> &amp; me', entities, 'bot', 'Rapport')).toEqual({ text: 'ask Omar & me', mentioned: true });
    expect(stripMentions('no mention here', [], 'bot', 'Rapport')).toEqual({ text: 'no mention here', mentioned: false });
    // Some clients send the <at> tag without an entity.
    expect(stripMentions('<at>Rapport</at>  summary', undefined, 'bot', 'Rapport')).toEqual({ text: 'summary', mentioned: true });
  });
});

describe('Teams activities → turns', () => {
  it('a channel mention roots its own chain; the author is the AAD object id', () => {
    const post = channelPost({ serviceUrl: url, text: 'hello', id: '1001' });
    const inbound = classify(post);
    expect(inbound).toMatchObject({ kind: 'turn', when: 'always', invoke: false, turn: { key: { workspace: TENANT, channel: CHANNEL, thread: '1001' }, author: { id: MAYA.aadObjectId }, text: 'hello', messageId: '1001' } });
  });

  it('chain replies: mentioned always; without a mention only in a session (RSC)', () => {
    expect(classify(chainReply({ serviceUrl: url, root: '1001', text: 'x' }))).toMatchObject({ kind: 'turn', when: 'always', turn: { key: { thread: '1001' } } });
    expect(classify(chainReply({ serviceUrl: url, root: '1001', text: 'x', mention: false }))).toMatchObject({ kind: 'turn', when: 'if-session' });
    expect(classify(channelPost({ serviceUrl: url, text: 'x', mention: false }))).toMatchObject({ kind: 'ignore' });
  });

  it('personal and group chats use the chat as the thread', () => {
    expect(classify(personalMessage({ serviceUrl: url, text: 'hi' }))).toMatchObject({ kind: 'turn', when: 'always', turn: { key: { thread: CHAT_THREAD } } });
    expect(classify(groupMessage({ serviceUrl: url, text: 'hi', mention: false }))).toMatchObject({ kind: 'turn', when: 'if-session' });
  });

  it('Action.Submit (value, no text) and Action.Execute (invoke) become choices', () => {
    const data = { rapport: 'choice', value: 'low', label: 'Low touch', q: 'How much contact?' };
    expect(classify(chainSubmit({ serviceUrl: url, root: '1001', value: data, cardId: 'c1' }))).toMatchObject({
      kind: 'turn',
      invoke: false,
      turn: { text: 'Low touch', choice: { value: 'low' } },
      submitted: { cardActivityId: 'c1', question: 'How much contact?', label: 'Low touch' },
    });
    expect(classify(chainExecute({ serviceUrl: url, root: '1001', data }))).toMatchObject({ kind: 'turn', invoke: true, turn: { choice: { value: 'low' } } });
    expect(classify(chainSubmit({ serviceUrl: url, root: '1001', value: { other: 1 } }))).toMatchObject({ kind: 'bad-submit', reason: 'submit data not from Rapport' });
  });

  it('ignores the bot’s own messages, other types and empty text; notes installs', () => {
    const own = { ...personalMessage({ serviceUrl: url, text: 'hi' }), from: { id: '28:rapport-bot' } };
    expect(classify(own)).toMatchObject({ kind: 'ignore' });
    expect(classify({ ...personalMessage({ serviceUrl: url, text: 'hi' }), type: 'typing' })).toMatchObject({ kind: 'ignore' });
    expect(classify(personalMessage({ serviceUrl: url, text: '   ' }))).toMatchObject({ kind: 'ignore' });
    expect(classify(botInstalled({ serviceUrl: url }))).toEqual({ kind: 'installed', tenant: TENANT });
  });

  it('a bare mention of the bot is a turn (it starts or re-asks), like on Slack', () => {
    const post = channelPost({ serviceUrl: url, text: '', id: '1002' });
    expect(classify(post)).toMatchObject({ kind: 'turn', when: 'always', turn: { text: '', key: { thread: '1002' } } });
  });

  it('checks the shape before the SDK sees it', () => {
    expect(checkShape(null)).toMatchObject({ ok: false });
    expect(checkShape({ type: 'message', serviceUrl: url })).toMatchObject({ ok: false, reason: 'activity has no conversation id' });
    expect(checkShape({ type: 'message', serviceUrl: 'javascript:alert(1)', conversation: { id: 'x' } })).toMatchObject({ ok: false });
    expect(checkShape(personalMessage({ serviceUrl: url, text: 'hi' }))).toMatchObject({ ok: true });
  });
});

describe('card submit data', () => {
  it('multi picks come back by index, in option order, deduplicated', () => {
    const data = { rapport: 'multi', values: ['a,1', 'b', 'c'], labels: ['A', 'B', 'C'], q: 'q', rapportPick: '2,0,2,9,x' };
    expect(readSubmit(data)).toEqual({ ok: true, text: 'A, C', value: 'a,1, c', question: 'q' });
    expect(readSubmit({ ...data, rapportPick: '' })).toMatchObject({ ok: false, reason: 'multi with nothing picked' });
    expect(readSubmit({ rapport: 'multi', values: ['a'], labels: [] })).toMatchObject({ ok: false });
    expect(readSubmit(undefined)).toMatchObject({ ok: false });
  });
});
