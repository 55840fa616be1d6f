import type { Config } from './config.ts';
import type { EngineModule } from './core/module.ts';
import { createCheckinModule, type ScheduleControl } from './checkins/index.ts';
import { slackLatestModule } from './adapters/slack/latest.ts';

// Feature modules that plug into the engine. The terminal and the server get the same
// ones; only the scheduler (BullMQ on Redis, in `serve`) differs.

export function featureModules(config: Config, scheduler?: ScheduleControl): EngineModule[] {
  return [
    createCheckinModule({
      ...(scheduler ? { scheduler } : {}),
      cohort: { channels: config.RAPPORT_COHORT_CHANNELS, admins: config.RAPPORT_COHORT_ADMINS },
    }),
    slackLatestModule,
  ];
}
