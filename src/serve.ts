import type http from 'node:http';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createApp, type App, type AppOverrides } from './app.ts';
import { createHttpServer, healthRoute, listen, type Route } from './http/server.ts';

// `rapport serve`: one HTTP server, every adapter whose credentials are set.

export interface RunningServer {
  app: App;
  port: number;
  http: http.Server;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger, overrides: AppOverrides = {}): Promise<RunningServer> {
  const app = await createApp(config, log, overrides);
  const routes: Route[] = [healthRoute(async () => ({ store: await app.stores.ping(), summariser: app.summariser.name }))];
  const server = createHttpServer(routes, log);
  const port = await listen(server, config.PORT);
  log.info('rapport is listening', { port, routes: routes.map((r) => `${r.method} ${r.path}`) });
  return {
    app,
    port,
    http: server,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
