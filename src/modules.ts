import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { EngineModule } from './core/module.ts';
import type { Stores } from './app.ts';

// Feature modules that plug into the engine (check-ins, cohort view). The terminal and
// the server get the same ones; only proactive delivery differs.

export function terminalModules(_config: Config, _stores: Stores, _log: Logger): EngineModule[] {
  return [];
}
