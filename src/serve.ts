import type http from 'node:http';
import type { Config } from './config.ts';
import { slackConfigured, teamsConfigured } from './config.ts';
import type { Logger } from './log.ts';
import type { Messenger } from './core/ports.ts';
import type { Platform } from './core/turn.ts';
import { createApp, type App, type AppOverrides } from './app.ts';
import { createHttpServer, healthRoute, listen, type Route } from './http/server.ts';
import type { ChannelAdapter } from './http/channel.ts';
import { createSlackAdapter } from './adapters/slack/index.ts';
import { createTeamsAdapter } from './adapters/teams/index.ts';

// `rapport serve`: one HTTP server, every adapter whose credentials are set.

export interface RunningServer {
  app: App;
  port: number;
  http: http.Server;
  messengers: Partial<Record<Platform, Messenger>>;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<RunningServer> {
  const app = await createApp(config, log, overrides);
  const deps = { config, engine: app.engine, kv: app.stores.kv, once: app.stores.once, log };
  const channels: Partial<Record<Platform, ChannelAdapter>> = {};
  if (slackConfigured(config)) channels.slack = createSlackAdapter(deps);
  if (teamsConfigured(config)) channels.teams = createTeamsAdapter(deps);
  const messengers = Object.fromEntries(Object.entries(channels).map(([p, c]) => [p, c.messenger])) as RunningServer['messengers'];

  const routes: Route[] = [
    healthRoute(async () => ({ store: await app.stores.ping(), summariser: app.summariser.name, channels: Object.keys(channels) })),
    ...Object.values(channels).flatMap((c) => c.routes),
  ];
  const server = createHttpServer(routes, log);
  const port = await listen(server, config.PORT);
  for (const channel of Object.values(channels)) await channel.start();
  if (!Object.keys(channels).length) log.warn('no Slack or Teams credentials are set: only /healthz is served (see `rapport doctor`)');
  log.info('rapport is listening', { port, routes: routes.map((r) => `${r.method} ${r.path}`) });

  return {
    app,
    port,
    http: server,
    messengers,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const channel of Object.values(channels)) await channel.stop();
      await app.close();
    },
  };
}
