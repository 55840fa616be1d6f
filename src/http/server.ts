import http from 'node:http';
import { redact, type Logger } from '../log.ts';

// One HTTP server for every adapter. Each adapter contributes routes; the server only
// dispatches, caps body size and turns a thrown error into a 500 without dying.

export interface RawRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received: signatures are computed over these bytes. */
  body: Buffer;
  /** The query string without its '?' ('' when none). */
  query?: string;
}

export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: RawRequest): Promise<RouteResponse>;
}

export const MAX_BODY_BYTES = 1024 * 1024;

export function json(status: number, value: unknown): RouteResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Slow or stuck clients must not hold sockets: Slack and Bot Framework send small bodies fast. */
export const LIMITS = { requestTimeoutMs: 15_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024 };

export function createHttpServer(routes: Route[], log: Logger, limits: Partial<typeof LIMITS> = {}): http.Server {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const l = { ...LIMITS, ...limits };
  const server = http.createServer({ requestTimeout: l.requestTimeoutMs, headersTimeout: l.headersTimeoutMs, keepAliveTimeout: l.keepAliveTimeoutMs,
    // Timeouts are only checked this often (30 s by default).
    connectionsCheckingInterval: Math.min(1000, l.requestTimeoutMs) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = table.get(`${req.method} ${path}`);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      res.writeHead(known ? 405 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: known ? 'method not allowed' : 'not found' }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'body too large' }));
        return;
      }
      const raw: RawRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: Buffer.concat(chunks), query: (req.url ?? '').split('?')[1] ?? '' };
      route
        .handle(raw)
        .then((out) => {
          res.writeHead(out.status, out.headers).end(out.body);
        })
        .catch((err: unknown) => {
          log.error('route failed', { path, err });
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'internal error' }));
        });
    });
  });
  // Beyond the cap new sockets are closed at once; the platforms retry.
  server.maxConnections = l.maxConnections;
  return server;
}

export function healthRoute(check: () => Promise<Record<string, unknown>>): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handle() {
      try {
        return json(200, { ok: true, ...(await check()) });
      } catch (err) {
        return json(503, { ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    },
  };
}

/** `/readyz`: 200 when every check answers, else 503 with the (redacted) reason. */
export function readyRoute(checks: Record<string, () => Promise<unknown>>, timeoutMs = 3000): Route {
  return {
    method: 'GET',
    path: '/readyz',
    async handle() {
      const results: Record<string, unknown> = {};
      const failures: string[] = [];
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          let timer: NodeJS.Timeout | undefined;
          try {
            results[name] = (await Promise.race([
              check(),
              new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
            ])) ?? 'ok';
          } catch (err) {
            const why = String(redact(err instanceof Error ? err.message : String(err))).slice(0, 300);
            results[name] = { error: why };
            failures.push(`${name}: ${why}`);
          } finally {
            clearTimeout(timer);
          }
        }),
      );
      return failures.length ? json(503, { ok: false, reason: failures.join('; '), ...results }) : json(200, { ok: true, ...results });
    },
  };
}

export function listen(server: http.Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
