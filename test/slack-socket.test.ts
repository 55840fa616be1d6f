import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { silentLogger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { eventBody, FakeSlack, mention, slackConfig, TEAM, waitFor } from './slack-support.ts';
import { recordingEngine } from './support/doubles.ts';

// Socket Mode: no public URL; start() connects through apps.connections.open and a
// WebSocket, each envelope is acknowledged, then handled like an HTTP event.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('Socket Mode', () => {
  it('connects when SLACK_APP_TOKEN is set, acks envelopes and answers in the thread', async () => {
    const slack = await new FakeSlack().start();
    const stores = await createStores({ log: silentLogger });
    const { engine, turns } = recordingEngine((t) => [{ kind: 'text', text: `hi <@${t.author.id}>` }]);
    const adapter = createSlackAdapter({
      config: slackConfig(slack.url, { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '' }),
      engine,
      once: stores.once,
      kv: stores.kv,
      log: silentLogger,
    });
    closers.push(async () => {
      await adapter.stop();
      await slack.stop();
      await stores.close();
    });
    await adapter.start();
    expect(slack.of('apps.connections.open')).toHaveLength(1);
    await waitFor(() => slack.connected === 1);

    const payload = JSON.parse(eventBody(mention({ channel: 'C9', user: 'U1', ts: '90.1', text: 'over the socket' })));
    const first = slack.envelope('events_api', payload);
    const again = slack.envelope('events_api', { ...payload, event_id: 'EvOther' });
    await waitFor(() => slack.acks.includes(first) && slack.acks.includes(again));
    await waitFor(() => slack.of('chat.postMessage').length === 1);
    await adapter.idle();
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ key: { workspace: TEAM, channel: 'C9', thread: '90.1' }, text: 'over the socket', author: { id: 'U1' } });
    expect(slack.of('chat.postMessage')[0]!.args).toMatchObject({ channel: 'C9', thread_ts: '90.1' });

    const cmd = slack.envelope('slash_commands', { team_id: TEAM, channel_id: 'C9', user_id: 'U2', command: '/rapport', text: '', trigger_id: 'trig-sock' });
    await waitFor(() => slack.acks.includes(cmd) && slack.of('chat.postMessage').length === 3);
    await adapter.idle();
    expect(turns[1]).toMatchObject({ key: { channel: 'C9' }, author: { id: 'U2' } });
  });
});
