import { LogLevel, SocketModeReceiver, type App, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../log.ts';

// Socket Mode through Bolt's own receiver, used the way bolt-js receivers are meant to be
// used: it hands each envelope ({ body, ack, retryNum }) to whatever was passed to init().
// No public URL is needed; Slack signs nothing here because the socket is authenticated.

export interface SocketTransport {
  start(): Promise<void>;
  stop(): Promise<void>;
}

function boltLogger(log: Logger) {
  let level = LogLevel.WARN;
  return {
    debug: (...m: unknown[]) => log.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => log.debug(m.map(String).join(' ')),
    warn: (...m: unknown[]) => log.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => log.error(m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSocketTransport(opts: {
  appToken: string;
  apiUrl: string;
  log: Logger;
  /** Called with each envelope's body after it has been acknowledged. */
  onBody(body: Record<string, unknown>, retryNum: number | undefined): void;
}): SocketTransport {
  const receiver = new SocketModeReceiver({
    appToken: opts.appToken,
    logger: boltLogger(opts.log),
    installerOptions: { clientOptions: { slackApiUrl: opts.apiUrl } },
  });
  const app = {
    async processEvent(event: ReceiverEvent) {
      await event.ack();
      opts.onBody(event.body as Record<string, unknown>, event.retryNum);
    },
  };
  receiver.init(app as unknown as App);
  return {
    async start() {
      await receiver.start();
    },
    async stop() {
      await receiver.stop();
    },
  };
}
