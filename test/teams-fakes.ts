import http from 'node:http';
import { ConfigSchema, type Config } from '../src/config.ts';
import { listen } from '../src/http/server.ts';
import type { Logger } from '../src/log.ts';

// Test doubles for the Teams adapter: a local Bot Framework connector that records what
// the bot sends, activity builders shaped like Teams' real payloads, and a fake engine.

export interface Sent {
  method: string;
  /** Decoded conversation id from the URL ('' for POST /v3/conversations). */
  conversation: string;
  /** The activity id in the URL: replyToId for POST, the updated activity for PUT. */
  activityId?: string;
  body: Record<string, unknown>;
  at: number;
  /** The id the connector answered with (a sent message's id). */
  id: string;
}

export interface FakeConnector {
  url: string;
  sent: Sent[];
  /** Messages only (no typing), in order. */
  messages(conversation?: string): Sent[];
  waitFor(pred: (sent: Sent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: Sent[] = [];
  let seq = 1000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = (req.url ?? '').split('?')[0]!;
      const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const conversation = m[1] ? decodeURIComponent(m[1]) : '';
      const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
      const id = String(++seq);
      sent.push({ method: req.method ?? '', conversation, ...(activityId ? { activityId } : {}), body, at: Date.now(), id });
      res.writeHead(req.method === 'POST' && !m[1] ? 201 : 200, { 'content-type': 'application/json' });
      if (!m[1]) {
        // createConversation in a channel: Teams answers with the new post's chain id.
        const channel = ((body.channelData as { channel?: { id?: string } })?.channel?.id ?? 'conv') as string;
        res.end(JSON.stringify({ id: `${channel};messageid=${id}`, activityId: id }));
      } else res.end(JSON.stringify({ id }));
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/`;
  const isMessage = (s: Sent) => s.body.type === 'message' && s.method === 'POST';
  return {
    url,
    sent,
    messages: (conversation) => sent.filter((s) => isMessage(s) && (conversation === undefined || s.conversation === conversation)),
    async waitFor(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(sent)) {
        if (Date.now() > deadline) throw new Error(`fake connector: condition not met within ${timeoutMs} ms; saw ${JSON.stringify(sent.map((s) => [s.method, s.conversation, s.body.type]))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function teamsConfig(env: Record<string, string> = {}): Config {
  return ConfigSchema.parse({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', ...env });
}

export { serveRoutes as startRoutes, recordingEngine as fakeEngine } from './support/doubles.ts';

export async function postActivity(baseUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

export const BOT = { id: '28:rapport-bot', name: 'Rapport' };
export const TENANT = 'tenant-1111';
export const CHANNEL = '19:cohort-team-a@thread.tacv2';
export const MAYA = { id: '29:maya-teams-id', name: 'Maya Chen', aadObjectId: 'aad-maya-0001' };
export const OMAR = { id: '29:omar-teams-id', name: 'Omar Diaz', aadObjectId: 'aad-omar-0002' };

let seq = 0;
export const nextId = () => `${Date.now()}${String(++seq).padStart(4, '0')}`;

interface Common {
  serviceUrl: string;
  id?: string;
  from?: { id: string; name: string; aadObjectId: string };
}

function base(o: Common, conversation: Record<string, unknown>, channelData: Record<string, unknown>) {
  return {
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    id: o.id ?? nextId(),
    timestamp: new Date().toISOString(),
    from: o.from ?? MAYA,
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    channelData: { tenant: { id: TENANT }, ...channelData },
    locale: 'en-US',
  };
}

const mention = (text: string) => ({
  text: `<at>${BOT.name}</at> ${text}`,
  textFormat: 'plain',
  entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
});

export const TEAM = '19:team-general@thread.tacv2';
const channelData = { team: { id: TEAM }, channel: { id: CHANNEL } };

/** A new channel post that mentions the bot; its id roots the reply chain. */
export function channelPost(o: Common & { text: string; mention?: boolean }) {
  const id = o.id ?? nextId();
  return {
    type: 'message',
    ...base({ ...o, id }, { id: `${CHANNEL};messageid=${id}`, conversationType: 'channel', isGroup: true }, channelData),
    ...(o.mention === false ? { text: o.text } : mention(o.text)),
  };
}

/** A reply in the chain rooted at root. */
export function chainReply(o: Common & { root: string; text: string; mention?: boolean }) {
  return {
    type: 'message',
    ...base(o, { id: `${CHANNEL};messageid=${o.root}`, conversationType: 'channel', isGroup: true }, channelData),
    ...(o.mention === false ? { text: o.text } : mention(o.text)),
  };
}

/** Action.Submit pressed on a card in the chain: a message with value and no text. */
export function chainSubmit(o: Common & { root: string; value: unknown; cardId?: string; legacyCardId?: string }) {
  return {
    type: 'message',
    ...base(o, { id: `${CHANNEL};messageid=${o.root}`, conversationType: 'channel', isGroup: true }, o.legacyCardId ? { ...channelData, legacy: { replyToId: o.legacyCardId } } : channelData),
    ...(o.cardId ? { replyToId: o.cardId } : {}),
    value: o.value,
  };
}

/**
 * A chain message as some clients send it (the messageBack example in Teams' card-actions
 * docs): the conversation has only its id, no conversationType and no isGroup.
 */
export function untypedChainMessage(o: Common & { root: string; text?: string; value?: unknown; cardId?: string }) {
  const a = base(o, { id: `${CHANNEL};messageid=${o.root}` }, channelData);
  const { tenantId: _drop, ...conversation } = a.conversation;
  return {
    type: 'message',
    ...a,
    conversation,
    ...(o.text !== undefined ? mention(o.text) : {}),
    ...(o.value !== undefined ? { value: o.value } : {}),
    ...(o.cardId ? { replyToId: o.cardId } : {}),
  };
}

/** The bot removed from the team: Teams sends the team (its General channel) with the bot in membersRemoved. */
export function botRemovedFromTeam(o: Common) {
  return {
    type: 'conversationUpdate',
    ...base(o, { id: TEAM, conversationType: 'channel', isGroup: true }, { team: { id: TEAM }, eventType: 'teamMemberRemoved' }),
    membersRemoved: [{ id: BOT.id }],
  };
}

/** The bot removed from a group chat. */
export function botRemovedFromGroup(o: Common & { chat?: string }) {
  return {
    type: 'conversationUpdate',
    ...base(o, { id: o.chat ?? '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true }, {}),
    membersRemoved: [{ id: BOT.id }],
  };
}

/** installationUpdate in a team (shape from Teams' conversation-events docs): action add or remove. */
export function installationUpdate(o: Common & { action: 'add' | 'remove' | 'add-upgrade' | 'remove-upgrade' }) {
  return {
    type: 'installationUpdate',
    ...base(o, { id: CHANNEL, conversationType: 'channel', isGroup: true }, { settings: { selectedChannel: { id: CHANNEL } }, ...channelData, source: { name: 'message' } }),
    action: o.action,
  };
}

/** Action.Execute pressed: an adaptiveCard/action invoke. */
export function chainExecute(o: Common & { root: string; data: unknown; cardId?: string }) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...base(o, { id: `${CHANNEL};messageid=${o.root}`, conversationType: 'channel', isGroup: true }, channelData),
    ...(o.cardId ? { replyToId: o.cardId } : {}),
    value: { action: { type: 'Action.Execute', verb: 'rapport', data: o.data }, trigger: 'manual' },
  };
}

export function personalMessage(o: Common & { text: string; chat?: string }) {
  return {
    type: 'message',
    ...base(o, { id: o.chat ?? 'a:personal-chat-maya', conversationType: 'personal' }, {}),
    text: o.text,
    textFormat: 'plain',
  };
}

export function groupMessage(o: Common & { text: string; chat?: string; mention?: boolean }) {
  return {
    type: 'message',
    ...base(o, { id: o.chat ?? '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true }, {}),
    ...(o.mention === false ? { text: o.text } : mention(o.text)),
  };
}

export function botInstalled(o: Common) {
  return {
    type: 'conversationUpdate',
    ...base(o, { id: CHANNEL, conversationType: 'channel', isGroup: true }, { ...channelData, eventType: 'teamMemberAdded' }),
    membersAdded: [{ id: BOT.id }],
  };
}

/** A logger that keeps lines for assertions. */
export function memoryLogger(): Logger & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
