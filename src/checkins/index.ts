// The retention check-in feature: the engine module, the BullMQ scheduler, and export.
export { createCheckinModule, type CheckinModuleDeps, type ScheduleControl } from './module.ts';
export { createCheckinScheduler, type CheckinScheduler, type CheckinSchedulerDeps } from './scheduler.ts';
export { checkinsForExport, checkinsMarkdown, type CheckinsExport } from './export.ts';
export { nextCheckInOf } from './next.ts';
