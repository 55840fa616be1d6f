import { createSlackAdapter } from '../../src/adapters/slack/index.ts';
import type { EngineModule } from '../../src/core/module.ts';
import type { Summariser } from '../../src/core/summariser.ts';
import { silentLogger } from '../../src/log.ts';
import { FakeSlack, slackConfig } from '../slack-support.ts';
import { serveRoutes } from './doubles.ts';
import { makeEngine } from './engine.ts';
import { deleteKeys, uniquePrefix } from './redis.ts';

/**
 * A real Slack route on a real engine and Redis, with Slack's Web API faked: what the
 * end-to-end Slack tests share. Teardown is pushed onto `closers`.
 */
export async function startSlackStack(
  closers: (() => Promise<void>)[],
  opts: { name: string; summariser?: Summariser; thinkingAfterMs?: number; modules?: EngineModule[] },
) {
  const slack = await new FakeSlack().start();
  const prefix = uniquePrefix(opts.name);
  const { engine, stores } = await makeEngine('redis', { prefix, ...(opts.summariser ? { summariser: opts.summariser } : {}), ...(opts.modules ? { modules: opts.modules } : {}) });
  const adapter = createSlackAdapter({ config: slackConfig(slack.url), engine, once: stores.once, kv: stores.kv, log: silentLogger, thinkingAfterMs: opts.thinkingAfterMs ?? 60_000 });
  const server = await serveRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await slack.stop();
    await deleteKeys(prefix);
    await stores.close();
  });
  return { slack, prefix, engine, stores, adapter, server, url: `${server.url}/slack/events` };
}
