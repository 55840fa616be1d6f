import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { RawRequest, RouteResponse } from '../../http/server.ts';

// Our RawRequest/RouteResponse ↔ the request/response shapes CloudAdapter.process wants
// (Express-like). The SDK authenticates, runs the logic, then writes status and body here.

export interface Verdict {
  /** Set by the logic to answer something other than what the SDK would (a 503 when the store is down). */
  override?: RouteResponse;
  /** False when the SDK stopped before our logic: authentication failed. */
  ran: boolean;
}

export async function processActivity(
  adapter: CloudAdapter,
  req: RawRequest,
  activity: Record<string, unknown>,
  logic: (context: TurnContext, verdict: Verdict) => Promise<void>,
): Promise<RouteResponse> {
  let status = 200;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  const res = {
    socket: undefined,
    status(code: number) {
      status = code;
      return res;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return res;
    },
    send(payload: unknown) {
      if (payload === undefined || payload === null) return res;
      if (typeof payload === 'string') {
        body = payload;
        headers['content-type'] ??= 'text/plain; charset=utf-8';
      } else {
        body = JSON.stringify(payload);
        headers['content-type'] = 'application/json';
      }
      return res;
    },
    end() {
      return res;
    },
  };
  const verdict: Verdict = { ran: false };
  await adapter.process({ method: req.method, headers: req.headers, body: activity }, res, (context) => {
    verdict.ran = true;
    return logic(context, verdict);
  });
  // A forged or malformed token surfaces from the SDK as a 500 (a JsonWebTokenError is not
  // its AuthenticationError): answer 401. Anything else before the logic (the key service
  // unreachable) stays a 5xx so Bot Framework tries again.
  if (!verdict.ran && status >= 500) {
    const tokenProblem = /jwt|token|signature|unauthori[sz]ed|audience|issuer|claim|endorse|identity/i.test(body ?? '');
    return tokenProblem
      ? { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'unauthorized' }) }
      : { status: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'could not check the request' }) };
  }
  return verdict.override ?? { status, headers, ...(body !== undefined ? { body } : {}) };
}
