import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Engine } from '../core/module.ts';
import type { KeyValueStore, Messenger, OnceGuard } from '../core/ports.ts';
import type { Route } from './server.ts';

// What every chat platform adapter gives `rapport serve`, and what it is given.

export interface ChannelDeps {
  config: Config;
  engine: Engine;
  kv: KeyValueStore;
  once: OnceGuard;
  log: Logger;
}

export interface ChannelAdapter {
  routes: Route[];
  /** Proactive delivery, for check-ins. */
  messenger: Messenger;
  /** Connections that are not HTTP routes (Socket Mode); called after the server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every acknowledged request has been fully handled. */
  idle(): Promise<void>;
}
