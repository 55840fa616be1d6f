import type { Engine } from '../../src/core/module.ts';
import type { KeyValueStore } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply.ts';
import { sessionKey } from '../../src/core/session.ts';
import { conversationId, type Turn } from '../../src/core/turn.ts';
import { createHttpServer, listen, type Route } from '../../src/http/server.ts';
import type { Logger } from '../../src/log.ts';

// Doubles shared by the adapter tests: an engine that records what reaches it, and the
// real HTTP server carrying an adapter's routes on loopback.

/** Records turns and answers what the test says; a conversation is active once a session is stored for it in kv. */
export function recordingEngine(answer: (turn: Turn) => Reply[] | Promise<Reply[]> = (t) => [{ kind: 'text', text: `you said: ${t.text}` }], kv?: KeyValueStore) {
  const turns: Turn[] = [];
  const engine: Engine = {
    async handle(turn) {
      turns.push(turn);
      return answer(turn);
    },
    isActive: async (key) => (kv ? (await kv.get(sessionKey(conversationId(key)))) !== undefined : false),
  };
  return { engine, turns };
}

/** The routes on a real server at 127.0.0.1; close() also drops kept-alive connections. */
export async function serveRoutes(routes: Route[], log: Logger): Promise<{ url: string; close(): Promise<void> }> {
  const server = createHttpServer(routes, log);
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
