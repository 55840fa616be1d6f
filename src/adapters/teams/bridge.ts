import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { RawRequest, RouteResponse } from '../../http/server.ts';

// Our RawRequest/RouteResponse ↔ the request/response shapes CloudAdapter.process wants
// (Express-like). The SDK authenticates, runs the logic, then writes status and body here.

export interface Verdict {
  /** Set by the logic to answer something other than what the SDK would (a 503 when the store is down). */
  override?: RouteResponse;
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
  const verdict: Verdict = {};
  await adapter.process({ method: req.method, headers: req.headers, body: activity }, res, (context) => logic(context, verdict));
  return verdict.override ?? { status, headers, ...(body !== undefined ? { body } : {}) };
}
