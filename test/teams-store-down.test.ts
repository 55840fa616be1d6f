import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { StoreUnavailableError, type KeyValueStore } from '../src/core/ports.ts';
import { STORE_DOWN_TEXT } from '../src/core/storage-words.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { channelPost, fakeEngine, memoryLogger, postActivity, startFakeConnector, startRoutes, teamsConfig, type FakeConnector } from './teams-fakes.ts';

// When storage fails before a Teams message reaches the engine (saving the conversation
// reference, claiming the activity), the person is told in place that nothing was kept,
// rather than getting silence behind a 503.

let connector: FakeConnector;
let stores: Stores;
let server: { url: string; close(): Promise<void> } | undefined;
let adapter: TeamsAdapter | undefined;

beforeEach(async () => {
  connector = await startFakeConnector();
  stores = await createStores({ log: memoryLogger() });
});

afterEach(async () => {
  await adapter?.stop();
  await server?.close();
  await connector.close();
  await stores.close();
});

/** A store that has gone away: every call fails the way the Redis store does. */
const downKv: KeyValueStore = {
  get: async () => Promise.reject(new StoreUnavailableError('Redis is not answering')),
  set: async () => Promise.reject(new StoreUnavailableError('Redis is not answering')),
  delete: async () => Promise.reject(new StoreUnavailableError('Redis is not answering')),
  keys: async () => Promise.reject(new StoreUnavailableError('Redis is not answering')),
};

describe('Teams with its store down', () => {
  it('tells the person nothing was saved, answers 200, and the engine never runs', async () => {
    const fake = fakeEngine();
    const log = memoryLogger();
    adapter = createTeamsAdapter({ config: teamsConfig(), engine: fake.engine, kv: downKv, once: stores.once, log });
    await adapter.start();
    server = await startRoutes(adapter.routes, log);

    const res = await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'we sell to dentists' }));
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.messages().length === 1);
    expect(connector.messages()[0]!.body.text).toBe(STORE_DOWN_TEXT);
    expect(fake.turns).toHaveLength(0);
  });

  it('falls back to a 503 (Bot Framework redelivers) when even the apology cannot be sent', async () => {
    const fake = fakeEngine();
    const log = memoryLogger();
    adapter = createTeamsAdapter({ config: teamsConfig(), engine: fake.engine, kv: downKv, once: stores.once, log });
    await adapter.start();
    server = await startRoutes(adapter.routes, log);
    await connector.close();

    const res = await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'we sell to dentists' }));
    expect(res.status).toBe(503);
    connector = await startFakeConnector();
  });
});
