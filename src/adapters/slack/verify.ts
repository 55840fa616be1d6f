import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// Slack's v0 request signing: HMAC-SHA256 over "v0:<timestamp>:<raw body>" with the
// signing secret. A timestamp more than five minutes from now is refused so a captured
// request cannot be replayed later.

export const MAX_SKEW_SECONDS = 5 * 60;

export type Verdict = { ok: true } | { ok: false; status: 401; reason: string };

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function sign(secret: string, timestamp: number | string, body: Buffer | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

export function verifySlackRequest(opts: {
  signingSecret: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  nowMs?: number;
}): Verdict {
  const ts = header(opts.headers, 'x-slack-request-timestamp');
  const signature = header(opts.headers, 'x-slack-signature');
  if (!ts || !signature) return { ok: false, status: 401, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, status: 401, reason: 'bad timestamp' };
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - Number(ts)) > MAX_SKEW_SECONDS) return { ok: false, status: 401, reason: 'stale timestamp' };
  const expected = Buffer.from(sign(opts.signingSecret, ts, opts.body));
  const given = Buffer.from(signature);
  // timingSafeEqual throws on unequal lengths; a length mismatch is a mismatch anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 401, reason: 'bad signature' };
  }
  return { ok: true };
}
