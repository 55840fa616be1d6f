import type { ChannelAdapter, ChannelDeps } from '../../http/channel.ts';
import { json, type RawRequest, type RouteResponse } from '../../http/server.ts';
import { createDispatcher } from './dispatch.ts';
import type { NextCheckIn } from './home.ts';
import { classify, decodeBody, type Inbound } from './parse.ts';
import { apiUrl, createSlackWeb } from './send.ts';
import { createSocketTransport, type SocketTransport } from './socket.ts';
import { verifySlackRequest } from './verify.ts';
import { slackOAuthConfigured } from '../../config.ts';
import { createMultiWorkspace } from './multi.ts';

const isLifecycle = (body: Record<string, unknown>) => {
  const type = (body.event as { type?: unknown } | undefined)?.type;
  return type === 'app_uninstalled' || type === 'tokens_revoked';
};

// Slack in one place: POST /slack/events (events, slash commands and interactions) over
// HTTP, or Socket Mode when SLACK_APP_TOKEN is set. Either way the request is answered
// first and the work (store, engine, Web API) follows.

export const EVENTS_PATH = '/slack/events';

export interface SlackAdapterDeps extends ChannelDeps {
  /** Next scheduled check-in of a conversation, for the App Home tab. */
  nextCheckIn?: NextCheckIn;
  /** Default 800 ms: only a slow answer (an LLM) shows "thinking…". */
  thinkingAfterMs?: number;
  /** Turns handled at once after their acks (default 32); more wait in a queue. */
  concurrency?: number;
}

export type SlackAdapter = ChannelAdapter;

export function createSlackAdapter(deps: SlackAdapterDeps): SlackAdapter {
  const { config, log } = deps;
  // Multi-workspace when the OAuth settings are there; otherwise the one SLACK_BOT_TOKEN.
  const multi = slackOAuthConfigured(config) ? createMultiWorkspace({ config, kv: deps.kv, log }) : undefined;
  if (!multi && !config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set');
  const web = multi ? multi.web : createSlackWeb({ token: config.SLACK_BOT_TOKEN!, apiUrl: config.SLACK_API_URL, log });
  const bodies = new WeakMap<Inbound, Record<string, unknown>>();
  const dispatcher = createDispatcher({
    engine: deps.engine,
    web,
    asWorkspace: multi ? (key, fn) => multi.within({ team: key.workspace, enterprise: key.enterprise }, fn) : undefined,
    kv: deps.kv,
    once: deps.once,
    log,
    thinkingAfterMs: deps.thinkingAfterMs ?? 800,
    nextCheckIn: deps.nextCheckIn,
    // The channel's "latest design thread" note lives as long as a session.
    latestTtlMs: deps.config.RAPPORT_SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
  });
  const { sweep } = dispatcher;
  const dispatch = (inbound: Inbound) => (multi ? multi.run(inbound, bodies.get(inbound) ?? {}, () => dispatcher.dispatch(inbound)) : dispatcher.dispatch(inbound));
  const messenger = multi ? multi.messenger(dispatcher.messenger) : dispatcher.messenger;
  const lifecycle = (body: Record<string, unknown>) =>
    void multi?.lifecycle(body).catch((err: unknown) => log.error('slack uninstall failed', { err }));

  // Work after the ack runs at most `concurrency` at a time: a burst of events then queues
  // cheaply instead of flooding the event loop that must keep answering Slack quickly.
  const concurrency = deps.concurrency ?? 32;
  const queue: Inbound[] = [];
  let running = 0;
  let drained: (() => void)[] = [];
  const pump = () => {
    while (running < concurrency && queue.length) {
      const inbound = queue.shift()!;
      running++;
      dispatch(inbound)
        .catch((err: unknown) => log.error('slack work failed', { kind: inbound.kind, err }))
        .finally(() => {
          running--;
          pump();
        });
    }
    if (running === 0 && queue.length === 0) {
      const waiting = drained;
      drained = [];
      for (const resolve of waiting) resolve();
    }
  };
  /** Queues the work; it starts after the current I/O turn, so after the HTTP answer is written. */
  const later = (inbound: Inbound) => {
    queue.push(inbound);
    if (queue.length === 1) setImmediate(pump);
  };
  const idle = () => (running === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => drained.push(r)));

  async function handle(req: RawRequest): Promise<RouteResponse> {
    if (!config.SLACK_SIGNING_SECRET) return json(503, { error: 'SLACK_SIGNING_SECRET is not set' });
    const verdict = verifySlackRequest({ signingSecret: config.SLACK_SIGNING_SECRET, headers: req.headers, body: req.body });
    if (!verdict.ok) {
      log.warn('slack request refused', { reason: verdict.reason });
      return json(verdict.status, { error: verdict.reason });
    }
    const body = decodeBody(req.headers, req.body);
    if (!body) return json(400, { error: 'malformed body' });
    if (multi && isLifecycle(body)) {
      setImmediate(lifecycle, body);
      return { status: 200 };
    }
    const inbound = classify(body);
    bodies.set(inbound, body);
    const retry = req.headers['x-slack-retry-num'];
    if (retry) log.debug('slack redelivery', { retry, reason: req.headers['x-slack-retry-reason'] });
    switch (inbound.kind) {
      case 'challenge':
        return json(200, { challenge: inbound.challenge });
      case 'invalid':
        log.warn('slack payload not understood', { reason: inbound.reason });
        return json(400, { error: inbound.reason });
      case 'ignore':
        return { status: 200 };
      default:
        later(inbound);
        return { status: 200 };
    }
  }

  let socket: SocketTransport | undefined;
  let purger: NodeJS.Timeout | undefined;
  // Every few seconds, messages whose replica died after the ack are taken over here.
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;
  const SWEEP_MS = 3000;
  const sweepOnce = () => {
    if (sweeping) return;
    sweeping = true;
    // One replica sweeps per interval, so N replicas do not multiply the index reads.
    deps.once
      .claim(`slack:sweep:${Math.floor(Date.now() / SWEEP_MS)}`, SWEEP_MS)
      .then((mine) => (mine ? sweep() : 0))
      .catch((err: unknown) => log.warn('slack sweep failed', { err }))
      .finally(() => (sweeping = false));
  };

  return {
    routes: [{ method: 'POST', path: EVENTS_PATH, handle }, ...(multi?.oauth.routes ?? [])],
    messenger,
    async start() {
      if (!sweeper) {
        sweeper = setInterval(sweepOnce, SWEEP_MS).unref();
        // Messages left in flight by a replica from before the index, so the sweep finds them.
        void dispatcher
          .indexUnlisted()
          .then((n) => n && log.info('slack messages in flight indexed for takeover', { count: n }))
          .catch((err: unknown) => log.warn('could not index slack messages in flight', { err }));
      }
      // Data of workspaces uninstalled longer than the grace period ago goes at start, then daily.
      if (multi && !purger) {
        const purge = () => void multi.purge().catch((err: unknown) => log.warn('slack purge failed', { err }));
        purge();
        purger = setInterval(purge, 24 * 60 * 60 * 1000).unref();
      }
      if (!config.SLACK_APP_TOKEN || socket) return;
      socket = createSocketTransport({
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: apiUrl(config.SLACK_API_URL),
        log,
        onBody: (body) => {
          if (multi && isLifecycle(body)) return lifecycle(body);
          const inbound = classify(body);
          bodies.set(inbound, body);
          if (inbound.kind === 'invalid') log.warn('slack payload not understood', { reason: inbound.reason });
          else if (inbound.kind !== 'ignore' && inbound.kind !== 'challenge') later(inbound);
        },
      });
      await socket.start();
      log.info('slack socket mode connected');
    },
    async stop() {
      clearInterval(sweeper);
      sweeper = undefined;
      clearInterval(purger);
      purger = undefined;
      await socket?.stop();
      socket = undefined;
      await idle();
    },
    idle,
  };
}
