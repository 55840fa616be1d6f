import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { startServer } from '../serve.ts';
import { warmUpReaders } from '../understanding/load.ts';

export async function runServe(config: Config, log: Logger): Promise<number> {
  const server = await startServer(config, log);
  setImmediate(warmUpReaders);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log.info('shutting down');
      server.stop().then(resolve, (err: unknown) => {
        log.error('shutdown failed', { err });
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
