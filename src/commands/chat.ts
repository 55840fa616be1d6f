import os from 'node:os';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { createApp } from '../app.ts';
import { runTerminal } from '../adapters/terminal/index.ts';
import { featureModules } from '../modules.ts';
import { warmUpReaders } from '../understanding/load.ts';

export async function runChat(config: Config, log: Logger, args: string[]): Promise<number> {
  const i = args.indexOf('--session');
  const session = i >= 0 && args[i + 1] ? args[i + 1]! : 'default';
  const app = await createApp(config, log, { modules: () => featureModules(config) });
  // While the person reads the greeting, not before it.
  if (process.stdin.isTTY) setTimeout(warmUpReaders, 50);
  try {
    await runTerminal({
      engine: app.engine,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      user: process.env.USER || os.userInfo().username || 'you',
      session,
      goodbye: config.REDIS_URL
        ? `Bye. Your design is kept: \`rapport chat --session ${session}\` picks it up again.`
        : 'Bye. Nothing is kept after this run (set REDIS_URL to keep designs).',
    });
  } finally {
    await app.close();
  }
  return 0;
}
