import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createEngine } from './core/engine.ts';
import type { Engine, EngineModule } from './core/module.ts';
import type { Summariser } from './core/summariser.ts';
import { designDialog } from './dialogs/design/dialog.ts';
import { createStores } from './store/index.ts';
import { loadSummariser } from './understanding/load.ts';

// The one place where parts are chosen and wired together from the configuration.

export type Stores = Awaited<ReturnType<typeof createStores>>;

export interface App {
  config: Config;
  log: Logger;
  stores: Stores;
  summariser: Summariser;
  engine: Engine;
  close(): Promise<void>;
}

export interface AppOverrides {
  summariser?: Summariser;
  modules?: (stores: Stores) => EngineModule[];
}

export async function createApp(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  const stores = await createStores({ redisUrl: config.REDIS_URL, prefix: config.RAPPORT_KEY_PREFIX, log });
  const summariser = overrides.summariser ?? (await loadSummariser(config, log));
  const engine = createEngine({
    store: stores.kv,
    lock: stores.lock,
    summariser,
    dialog: designDialog,
    modules: overrides.modules?.(stores) ?? [],
    log,
    sessionTtlMs: config.RAPPORT_SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
  });
  return { config, log, stores, summariser, engine, close: () => stores.close() };
}
