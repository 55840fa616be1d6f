import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sign } from '../src/adapters/slack/verify.ts';
import { ConfigSchema, type Config } from '../src/config.ts';

// A small stand-in for Slack at the network edge: a local Web API that records every call,
// and helpers that build and sign requests exactly as Slack does.

export const SECRET = 'test-signing-secret';
export const TEAM = 'T0TEAM';
export const BOT = 'U0BOT';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
}

type Failure = { status: number; retryAfter?: number; error?: string };

export class FakeSlack {
  calls: ApiCall[] = [];
  uploads: string[] = [];
  channelsOf = new Map<string, string[]>();
  private server = http.createServer((req, res) => void this.serve(req, res));
  private failures = new Map<string, Failure[]>();
  private ts = 1_700_000_000;
  private seq = 0;
  url = '';

  /** Socket Mode: envelopes the app acknowledged, by envelope_id. */
  acks: string[] = [];
  private sockets = new Set<Socket>();

  async start(): Promise<this> {
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Socket) => this.upgrade(req, socket));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Sends a Socket Mode envelope to every connected app. */
  envelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, id = `env-${++this.seq}`): string {
    const text = JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    for (const s of this.sockets) s.write(wsFrame(0x1, Buffer.from(text)));
    return id;
  }

  get connected(): number {
    return this.sockets.size;
  }

  // A minimal WebSocket server (RFC 6455): enough for Slack's Socket Mode handshake,
  // text frames, ping/pong and close.
  private upgrade(req: http.IncomingMessage, socket: Socket) {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const f = readFrame(buf);
        if (!f) break;
        buf = buf.subarray(f.size);
        if (f.opcode === 0x9) socket.write(wsFrame(0xa, f.payload));
        else if (f.opcode === 0x8) {
          socket.end(wsFrame(0x8, f.payload.subarray(0, 2)));
          this.sockets.delete(socket);
        } else if (f.opcode === 0x1) {
          const msg = JSON.parse(f.payload.toString('utf8')) as { envelope_id?: string };
          if (msg.envelope_id) this.acks.push(msg.envelope_id);
        }
      }
    });
    socket.write(wsFrame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0APP' } }))));
  }

  /** The next calls of a method fail like this, in order. */
  fail(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  nextTs(): string {
    return `${this.ts++}.${String(++this.seq).padStart(6, '0')}`;
  }

  of(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages as they stand in Slack now: posts, with updates applied and deletes removed. */
  messages(): { ts: string; channel: string; thread_ts?: string; text: string; blocks: unknown[] }[] {
    const byTs = new Map<string, { ts: string; channel: string; thread_ts?: string; text: string; blocks: unknown[] }>();
    for (const c of this.calls) {
      const a = c.args;
      if (c.method === 'chat.postMessage' && typeof a.ts === 'string') {
        byTs.set(a.ts, { ts: a.ts, channel: String(a.channel), thread_ts: a.thread_ts as string | undefined, text: String(a.text ?? ''), blocks: (a.blocks as unknown[]) ?? [] });
      } else if (c.method === 'chat.update') {
        const m = byTs.get(String(a.ts));
        if (m) Object.assign(m, { text: String(a.text ?? ''), blocks: (a.blocks as unknown[]) ?? [] });
      } else if (c.method === 'chat.delete') {
        byTs.delete(String(a.ts));
      }
    }
    return [...byTs.values()];
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? '';
    if (path.startsWith('/upload/')) {
      this.uploads.push(raw.toString('utf8'));
      res.writeHead(200).end('OK');
      return;
    }
    const method = path.replace(/^\/api\//, '').split('?')[0]!;
    const args = parseArgs(String(req.headers['content-type'] ?? ''), raw);
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      this.calls.push({ method: `${method}!${failure.status}`, args, at: Date.now() });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.error ?? 'ratelimited' }));
      return;
    }
    const call: ApiCall = { method, args, at: Date.now() };
    this.calls.push(call);
    const ok = (extra: Record<string, unknown> = {}) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...extra }));
    switch (method) {
      case 'chat.postMessage': {
        const ts = this.nextTs();
        args.ts = ts;
        return ok({ ts, channel: args.channel, message: { ts, text: args.text } });
      }
      case 'chat.update':
        return ok({ ts: args.ts, channel: args.channel });
      case 'chat.startStream': {
        const ts = this.nextTs();
        args.ts = ts;
        return ok({ ts, channel: args.channel });
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.seq}`;
        return ok({ upload_url: `${this.url.replace(/\/api\/$/, '')}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal':
        return ok({ files: [{ id: 'F1', title: 'x' }] });
      case 'users.conversations':
        return ok({ channels: (this.channelsOf.get(String(args.user)) ?? []).map((id) => ({ id })), response_metadata: { next_cursor: '' } });
      case 'apps.connections.open':
        return ok({ url: this.url.replace(/^http/, 'ws').replace(/\/api\/$/, '/socket') });
      case 'auth.test':
        return ok({ user_id: BOT, team_id: TEAM });
      default:
        return ok();
    }
  }
}

function wsFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.alloc(10);
  if (len >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const maskAt = at;
  if (masked) at += 4;
  if (buf.length < at + len) return null;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (masked) for (let i = 0; i < len; i++) payload[i]! ^= buf[maskAt + (i % 4)]!;
  return { opcode, payload, size: at + len };
}

function parseArgs(type: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  let args: Record<string, unknown>;
  if (type.includes('application/json')) args = JSON.parse(text || '{}') as Record<string, unknown>;
  else args = Object.fromEntries(new URLSearchParams(text));
  for (const k of ['blocks', 'files', 'view']) {
    if (typeof args[k] === 'string') args[k] = JSON.parse(args[k] as string);
  }
  delete args.token;
  return args;
}

export function slackConfig(apiUrl: string, extra: Record<string, string> = {}): Config {
  return ConfigSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, LOG_LEVEL: 'silent', ...extra });
}

export interface SignedOptions {
  secret?: string;
  timestamp?: number;
  contentType?: string;
  headers?: Record<string, string>;
  signature?: string;
}

/** POSTs a body to the route signed the way Slack signs it. */
export async function postSigned(url: string, body: string, opts: SignedOptions = {}): Promise<{ status: number; text: string; ms: number }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? sign(opts.secret ?? SECRET, ts, body),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

let eventSeq = 0;
export const eventId = () => `Ev${Date.now().toString(36)}${++eventSeq}`;

export function eventBody(event: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: eventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT, is_bot: true }],
    event: { team: TEAM, event_ts: event.ts, ...event },
    ...extra,
  });
}

export const mention = (o: { channel: string; user: string; ts: string; text: string; thread_ts?: string }) =>
  ({ type: 'app_mention', channel: o.channel, user: o.user, ts: o.ts, text: `<@${BOT}> ${o.text}`, ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}) });

export const message = (o: { channel: string; user: string; ts: string; text: string; thread_ts?: string; channel_type?: string }) =>
  ({ type: 'message', channel: o.channel, user: o.user, ts: o.ts, text: o.text, channel_type: o.channel_type ?? 'channel', ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}) });

/** A block_actions form body for pressing the button with this value in a posted message. */
export function pressBody(o: { channel: string; user: string; message: { ts: string; thread_ts?: string; blocks: unknown[] }; value: string; state?: unknown }): string {
  const action = findButton(o.message.blocks, o.value);
  if (!action) throw new Error(`no button with value ${o.value}`);
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme' },
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase() },
    api_app_id: 'A0APP',
    trigger_id: `trig-${eventId()}`,
    container: { type: 'message', message_ts: o.message.ts, channel_id: o.channel, is_ephemeral: false, ...(o.message.thread_ts ? { thread_ts: o.message.thread_ts } : {}) },
    channel: { id: o.channel, name: 'general' },
    message: { type: 'message', ts: o.message.ts, thread_ts: o.message.thread_ts, blocks: o.message.blocks, text: 'x' },
    state: o.state ?? { values: {} },
    actions: [{ ...action, action_ts: `${Date.now() / 1000}${++eventSeq}` }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export function findButton(blocks: unknown[], value: string): Record<string, unknown> | undefined {
  for (const b of blocks as { type: string; block_id?: string; elements?: Record<string, unknown>[] }[]) {
    if (b.type !== 'actions') continue;
    const el = b.elements?.find((e) => e.type === 'button' && e.value === value);
    if (el) return { ...el, block_id: b.block_id };
  }
  return undefined;
}

export function commandBody(o: { channel: string; user: string; text: string; responseUrl?: string }): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: o.channel,
    channel_name: 'general',
    user_id: o.user,
    user_name: o.user.toLowerCase(),
    command: '/rapport',
    text: o.text,
    api_app_id: 'A0APP',
    response_url: o.responseUrl ?? '',
    trigger_id: `trig-${eventId()}`,
  }).toString();
}

/** Polls until the check passes or the time is up. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
