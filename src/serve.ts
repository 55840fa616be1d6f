import type http from 'node:http';
import type { Config } from './config.ts';
import { slackConfigured, teamsConfigured } from './config.ts';
import type { Logger } from './log.ts';
import type { Messenger } from './core/ports.ts';
import { systemClock } from './core/ports.ts';
import type { Platform } from './core/turn.ts';
import { createApp, type App, type AppOverrides } from './app.ts';
import { createHttpServer, healthRoute, listen, readyRoute, type Route } from './http/server.ts';
import type { ChannelAdapter, ChannelDeps } from './http/channel.ts';
import { createCheckinScheduler, nextCheckInOf, type CheckinScheduler } from './checkins/index.ts';
import { featureModules } from './modules.ts';

// `rapport serve`: one HTTP server, every adapter whose credentials are set, and (with
// Redis) the check-in scheduler, whose jobs run once across all replicas.

export interface RunningServer {
  app: App;
  port: number;
  http: http.Server;
  messengers: Partial<Record<Platform, Messenger>>;
  scheduler?: CheckinScheduler;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<RunningServer> {
  // Filled once the adapters exist: they need the engine, the engine needs the modules,
  // and the check-in module needs the scheduler that posts through them.
  const messengers: Partial<Record<Platform, Messenger>> = {};
  let scheduler: CheckinScheduler | undefined;
  const app = await createApp(config, log, {
    modules: (stores) => {
      if (config.REDIS_URL) scheduler = createCheckinScheduler({
          redisUrl: config.REDIS_URL,
          kv: stores.kv,
          once: stores.once,
          messengers,
          log,
          // The default keeps production's queue keys as they were; another prefix gets its own queue.
          ...(config.RAPPORT_KEY_PREFIX === 'rapport' ? {} : { prefix: `bull-${config.RAPPORT_KEY_PREFIX}` }),
        });
      return featureModules(config, scheduler);
    },
    ...overrides,
  });

  const deps: ChannelDeps = { config, engine: app.engine, kv: app.stores.kv, once: app.stores.once, log };
  const channels: Partial<Record<Platform, ChannelAdapter>> = {};
  // Imported only when configured: Bolt and botbuilder each take most of a second to load.
  if (slackConfigured(config)) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    channels.slack = createSlackAdapter({ ...deps, nextCheckIn: nextCheckInOf(app.stores.kv, systemClock) });
  }
  if (teamsConfigured(config)) {
    const { createTeamsAdapter } = await import('./adapters/teams/index.ts');
    channels.teams = createTeamsAdapter(deps);
  }
  for (const [platform, channel] of Object.entries(channels) as [Platform, ChannelAdapter][]) messengers[platform] = channel.messenger;

  const routes: Route[] = [
    // Liveness only: a Redis outage must not get the process restarted. /readyz checks Redis.
    healthRoute(async () => ({ store: app.stores.mode, summariser: app.summariser.name, channels: Object.keys(channels) })),
    readyRoute({
      store: () => app.stores.ping(),
      // A real round trip on BullMQ's own connection.
      ...(scheduler ? { queue: async () => ({ waiting: await scheduler!.queue.count() }) } : {}),
    }),
    ...Object.values(channels).flatMap((c) => c.routes),
  ];
  const server = createHttpServer(routes, log);
  const port = await listen(server, config.PORT);
  for (const channel of Object.values(channels)) await channel.start();
  await scheduler?.start();
  if (!Object.keys(channels).length) log.warn('no Slack or Teams credentials are set: only /healthz is served (see `rapport doctor`)');
  if (!scheduler) log.warn('REDIS_URL is not set: check-in schedules are kept but not run');
  log.info('rapport is listening', { port, routes: routes.map((r) => `${r.method} ${r.path}`) });

  return {
    app,
    port,
    http: server,
    messengers,
    scheduler,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler?.stop();
      for (const channel of Object.values(channels)) await channel.stop();
      await app.close();
    },
  };
}
