import type { ChannelAdapter, ChannelDeps } from '../../http/channel.ts';
import type { TurnContext } from 'botbuilder';
import { keepEntityFields } from './entities.ts';
import { handleTeamsFeedback, rememberRated } from './feedback.ts';
import { QUIET_TYPING_AFTER_MS, TYPING_EVERY_MS, whileTyping } from './typing.ts';
import { StoreUnavailableError } from '../../core/ports.ts';
import { STORE_DOWN_TEXT, TURN_FAILED_TEXT } from '../../core/storage-words.ts';
import { conversationId } from '../../core/turn.ts';
import { createHandover, type Claim } from '../../http/handover.ts';
import { json, type RawRequest, type RouteResponse } from '../../http/server.ts';
import { createBotAdapter } from './auth.ts';
import { processActivity, type Verdict } from './bridge.ts';
import { checkShape, classify, tenantOf, type BadSubmitInbound, type TurnInbound } from './parse.ts';
import { createWorkQueue } from './queue.ts';
import { createReferenceStore, referenceOf } from './references.ts';
import { answeredActivity, refusedActivity, renderReplies, textActivity } from './render/activities.ts';
import { answeredCard } from './render/cards.ts';
import { createSender } from './send.ts';
import { postReplies } from './stream.ts';
import { activityClaimKey, splitConversationId, teamsConversationId } from './thread-key.ts';

// Teams in one place: POST /api/messages. The SDK authenticates; the request is answered
// once the reference is stored, the activity claimed and a typing indicator sent; the
// engine and the replies follow, sent proactively, so no turn comes near Bot Framework's
// 15-second limit. Bot Framework does not redeliver after a 200, so the claim is a
// handover (src/http/handover.ts): short and kept alive while the turn runs, with an
// in-flight record, so another replica's sweeper answers if this one dies; done after.
// No botbuilder type crosses this folder's boundary.

export const MESSAGES_PATH = '/api/messages';
/** Bot Framework redelivers within minutes; a day is plenty. */
const DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** How often one replica looks for turns whose replica died. */
const SWEEP_MS = 3000;
/** Handover name: records are `teams:inflight:<claimKey>`, the index is `pending:teams`. */
export const TEAMS_HANDOVER = 'teams';

/** What a sweeper needs to run a Teams turn again (the reference to answer with is stored apart). */
export interface TeamsInflight {
  inbound: TurnInbound;
}

export type TeamsAdapterDeps = ChannelDeps & {
  /** Least time between streamed updates (tests use 0). */
  streamEveryMs?: number;
  /** Tests only: a shorter claim hold, and a faster sweep. */
  holdMs?: number;
  sweepEveryMs?: number;
};
export type TeamsAdapter = ChannelAdapter & {
  /** Takes over turns whose replica died mid-turn; returns how many (the runs go on in the queue). */
  sweep(): Promise<number>;
};

export { TeamsAuthError, authMode } from './auth.ts';
export { REF_PREFIX } from './references.ts';

export function createTeamsAdapter(deps: TeamsAdapterDeps): TeamsAdapter {
  const { config, engine, kv, once, log } = deps;
  keepEntityFields();
  const bot = createBotAdapter(config, log);
  const refs = createReferenceStore(kv);
  const sender = createSender({ adapter: bot.adapter, appId: bot.appId, refs, log, onRated: (tenant, id, codes) => rememberRated(kv, tenant, id, codes) });
  const queue = createWorkQueue(log);
  const handover = createHandover<TeamsInflight>({ once, kv, name: TEAMS_HANDOVER, doneMs: DEDUPE_TTL_MS, holdMs: deps.holdMs });
  let stopping = false;

  const invokeResponse = (context: TurnContext, body: Record<string, unknown>) =>
    context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });

  async function onTurn(context: TurnContext, activity: Record<string, unknown>, inbound: TurnInbound): Promise<void> {
    const { turn } = inbound;
    const conversation = conversationId(turn.key);
    if (inbound.when === 'if-session' && !(await deps.engine.isActive(turn.key))) {
      log.debug('teams message outside a session ignored', { conversation });
      return;
    }
    // Reference first, claim second: if the store fails in between, the redelivery still runs.
    await saveReference(activity, turn.key);
    // An edit or delete carries the changed message's id: claimed per change, not per message.
    const claimId = turn.change && turn.messageId ? `${turn.change}:${turn.messageId}:${String(activity.timestamp ?? '')}` : turn.messageId;
    // Held (running here or on another replica) or done: either way this delivery is a repeat.
    const claim = claimId ? await handover.start(activityClaimKey(turn.key.workspace, turn.key.channel, claimId), { inbound }) : undefined;
    if (claim === null) {
      log.debug('teams activity already handled', { conversation, activity: turn.messageId });
      if (inbound.invoke) await invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Already received.' });
      return;
    }
    try {
      if (inbound.invoke && inbound.submitted) {
        // Action.Execute: the answer replaces the pressed card in place.
        const { question, label } = inbound.submitted;
        await invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answeredCard(question, label, turn.author.name) });
      } else if (!mayStayQuiet(inbound)) {
        await context.sendActivity({ type: 'typing' }).catch((err: unknown) => log.warn('teams typing indicator failed', { err }));
      }
    } catch (err) {
      // The person is told in place that nothing was kept (see logic): nobody may run it later.
      await claim?.release().catch(() => undefined);
      throw err;
    }
    queue.push(conversation, () => runClaimed(inbound, claim));
  }

  /**
   * Teammates talking in a thread or group chat without naming the bot, or an edit: the
   * engine often answers nothing, so "typing…" waits until the turn has taken a moment.
   */
  const mayStayQuiet = (inbound: TurnInbound) => (inbound.turn.shared === true && !inbound.turn.mentioned && !inbound.submitted) || inbound.turn.change !== undefined;

  /** Runs a claimed turn and marks it done, even when posting failed (no endless retakes). */
  async function runClaimed(inbound: TurnInbound, claim: Claim | undefined, takeover = false): Promise<void> {
    try {
      await runTurn(inbound, takeover);
    } finally {
      await claim?.done().catch((err: unknown) => log.warn('could not mark a teams activity done', { err }));
    }
  }

  async function runTurn(inbound: TurnInbound, takeover: boolean): Promise<void> {
    const { turn } = inbound;
    const pressed = inbound.submitted;
    // Taken over from a replica that died: if it had stored the message, the engine says so.
    let replies = await whileTyping(
      () => sender.post(turn.key, [{ type: 'typing' }]),
      () => engine.handle(takeover ? { ...turn, takenOver: true } : turn),
      TYPING_EVERY_MS,
      mayStayQuiet(inbound) ? QUIET_TYPING_AFTER_MS : TYPING_EVERY_MS,
    );
    // The pressed card is retired once the engine said whether the press was taken; a
    // refused press is said on the card itself (an invoke's card is replaced here too).
    const refused = replies.find((r) => r.kind === 'text' && r.refused);
    if (pressed?.cardActivityId && (refused || !inbound.invoke)) {
      const card = refused?.kind === 'text' ? refusedActivity(pressed.question, refused.text) : answeredActivity(pressed.question, pressed.label, turn.author.name);
      await sender.update(turn.key, pressed.cardActivityId, card).catch((err: unknown) => log.warn('could not retire the pressed card', { err }));
      if (refused) replies = replies.filter((r) => r !== refused);
    }
    if (replies.length) await postReplies(sender, turn.key, replies, { everyMs: deps.streamEveryMs });
  }

  /** Turns whose claim lapsed (their replica died after the 200) run here, in their conversation's queue. */
  function sweep(): Promise<number> {
    return handover.sweep(async ({ claimKey, record, claim }) => {
      const inbound: TurnInbound = { ...record.inbound, turn: { ...record.inbound.turn, receivedAt: new Date(record.inbound.turn.receivedAt) } };
      log.info('taking over a teams activity whose replica stopped', { claim: claimKey, conversation: conversationId(inbound.turn.key) });
      queue.push(conversationId(inbound.turn.key), () => runClaimed(inbound, claim, true));
    });
  }

  async function onBadSubmit(context: TurnContext, activity: Record<string, unknown>, inbound: BadSubmitInbound): Promise<void> {
    log.info('teams card submit not understood', { reason: inbound.reason });
    if (inbound.invoke) {
      await invokeResponse(context, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: inbound.message } });
      return;
    }
    await saveReference(activity, inbound.key);
    const id = typeof activity.id === 'string' ? activity.id : undefined;
    if (id && !(await once.claim(activityClaimKey(inbound.key.workspace, inbound.key.channel, id), DEDUPE_TTL_MS))) return;
    queue.push(conversationId(inbound.key), () => sender.post(inbound.key, [textActivity(inbound.message)]));
  }

  async function saveReference(activity: Record<string, unknown>, key?: TurnInbound['turn']['key']): Promise<void> {
    const ref = referenceOf(activity);
    if (!ref) return;
    const tenant = tenantOf(activity);
    await refs.save(tenant, ref);
    // A root post seen without ";messageid=" still needs a reference for its chain.
    if (key && teamsConversationId(key) !== ref.conversation.id && splitConversationId(ref.conversation.id).base === key.channel) {
      await refs.saveForKey(key, ref);
    }
  }

  async function logic(context: TurnContext, verdict: Verdict): Promise<void> {
    const activity = context.activity as unknown as Record<string, unknown>;
    // An id no real client sends (a lone surrogate cannot become a key): 200 and ignore it,
    // since a 503 would only have Bot Framework deliver it again and again.
    if (hasMalformedId(activity)) {
      log.info('teams activity with a malformed id ignored');
      return;
    }
    const inbound = classify(activity);
    try {
      switch (inbound.kind) {
        case 'turn':
          return await onTurn(context, activity, inbound);
        case 'bad-submit':
          return await onBadSubmit(context, activity, inbound);
        case 'installed':
          return await saveReference(activity);
        case 'feedback':
          await handleTeamsFeedback({ kv, once, log }, inbound);
          await invokeResponse(context, {});
          return;
        case 'removed': {
          // Nothing can be sent there any more; stale references would only fail later.
          const dropped = await refs.drop(inbound.tenant, { conversationId: inbound.conversationId, ...(inbound.teamId ? { teamId: inbound.teamId } : {}) });
          log.info('teams bot removed; references dropped', { conversation: inbound.conversationId, dropped });
          return;
        }
        case 'ignore':
          log.debug('teams activity ignored', { reason: inbound.reason });
          // Unknown invokes get the SDK's 501; a known one we chose to ignore gets an empty 200.
          if (inbound.invoke && activity.name === 'adaptiveCard/action') await invokeResponse(context, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Ignored.' });
          return;
      }
    } catch (err) {
      log.error('teams activity failed', { err });
      // A person who wrote is told, in place, that nothing was kept (the claim never landed,
      // so a resend runs normally). Only when even that cannot be sent does Bot Framework get
      // a 503 and its own redelivery.
      if (inbound.kind === 'turn' && !inbound.invoke) {
        const told = await context
          .sendActivity(textActivity(err instanceof StoreUnavailableError ? STORE_DOWN_TEXT : TURN_FAILED_TEXT))
          .then(() => true, () => false);
        if (told) return;
      }
      verdict.override = json(503, { error: 'temporarily unavailable' });
    }
  }

  async function handle(req: RawRequest): Promise<RouteResponse> {
    if (stopping) return json(503, { error: 'shutting down' });
    if (bot.mode === 'credentials' && !req.headers.authorization) {
      log.warn('teams request without Authorization refused');
      return json(401, { error: 'unauthorized' });
    }
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    const shape = checkShape(body);
    if (!shape.ok) {
      log.info('teams activity refused', { reason: shape.reason });
      return json(400, { error: shape.reason });
    }
    return processActivity(bot.adapter, req, shape.activity, logic);
  }

  let sweeper: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  const sweepEvery = deps.sweepEveryMs ?? SWEEP_MS;
  const sweepOnce = () => {
    if (sweeping || stopping) return;
    // One replica sweeps per interval, so N replicas do not multiply the index reads.
    sweeping = once
      .claim(`teams:sweep:${Math.floor(Date.now() / sweepEvery)}`, sweepEvery)
      .then((mine) => (mine ? sweep() : 0))
      .catch((err: unknown) => log.warn('teams sweep failed', { err }))
      .finally(() => (sweeping = undefined));
  };

  return {
    routes: [{ method: 'POST', path: MESSAGES_PATH, handle }],
    sweep,
    messenger: {
      post: (key, replies) => sender.post(key, renderReplies(replies)),
      startThread: (address, replies) => sender.startThread(address, renderReplies(replies)),
    },
    async start() {
      stopping = false;
      sweeper ??= setInterval(sweepOnce, sweepEvery).unref();
      if (bot.mode === 'unauthenticated') {
        log.warn('Teams: /api/messages is NOT authenticated (TEAMS_ALLOW_UNAUTHENTICATED=true). Anyone who can reach it can talk as any user. Use this only with the Bot Framework Emulator on your own machine.');
      } else {
        if (config.TEAMS_ALLOW_UNAUTHENTICATED) log.warn('Teams: TEAMS_ALLOW_UNAUTHENTICATED is ignored because MICROSOFT_APP_ID is set');
        log.info('teams adapter ready', { appType: config.MICROSOFT_APP_TYPE ?? 'MultiTenant', singleTenant: Boolean(config.MICROSOFT_APP_TENANT_ID) });
      }
    },
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      sweeper = undefined;
      // A sweep under way may still queue a turn it took over: let it, then wait for the queue.
      await sweeping;
      await queue.idle();
    },
    idle: () => queue.idle(),
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when any id in the activity (id, conversation.id, from.aadObjectId…) is not well-formed UTF-16. */
export function hasMalformedId(value: unknown, depth = 0): boolean {
  if (depth > 6 || typeof value !== 'object' || value === null) return false;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && /(^id$|Id$)/.test(k) && LONE_SURROGATE.test(v)) return true;
    if (typeof v === 'object' && hasMalformedId(v, depth + 1)) return true;
  }
  return false;
}
