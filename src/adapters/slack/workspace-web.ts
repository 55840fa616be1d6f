import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../../log.ts';
import { createSlackWeb, type SlackWeb } from './send.ts';

// Multi-workspace mode: one SlackWeb whose every call picks the bot token of the workspace
// being served. The adapter runs each event and each proactive send inside `within(team)`,
// so the dispatcher and the renderers stay unaware of installs.

export interface Workspace {
  team: string;
  enterprise?: string;
}

export interface WorkspaceWeb {
  web: SlackWeb;
  within<T>(ws: Workspace, fn: () => Promise<T>): Promise<T>;
}

export function createWorkspaceWeb(opts: { tokenFor: (ws: Workspace) => Promise<string>; apiUrl?: string; log: Logger }): WorkspaceWeb {
  const scope = new AsyncLocalStorage<Workspace>();
  // Clients by token: a refreshed token gets a new client, the old one is dropped.
  const clients = new Map<string, { token: string; web: SlackWeb }>();
  const current = async (): Promise<SlackWeb> => {
    const ws = scope.getStore();
    if (!ws) throw new Error('slack call outside a workspace');
    const token = await opts.tokenFor(ws);
    const key = `${ws.enterprise ?? ''}:${ws.team}`;
    const known = clients.get(key);
    if (known?.token === token) return known.web;
    const web = createSlackWeb({ token, apiUrl: opts.apiUrl, log: opts.log });
    clients.set(key, { token, web });
    return web;
  };
  const web: SlackWeb = {
    post: async (...a) => (await current()).post(...a),
    update: async (...a) => (await current()).update(...a),
    remove: async (...a) => (await current()).remove(...a),
    upload: async (...a) => (await current()).upload(...a),
    publishHome: async (...a) => (await current()).publishHome(...a),
    memberOf: async (...a) => (await current()).memberOf(...a),
    stream: {
      start: async (...a) => (await current()).stream!.start(...a),
      append: async (...a) => (await current()).stream!.append(...a),
      stop: async (...a) => (await current()).stream!.stop(...a),
    },
    assistant: {
      setStatus: async (...a) => (await current()).assistant.setStatus(...a),
      setPrompts: async (...a) => (await current()).assistant.setPrompts(...a),
      setTitle: async (...a) => (await current()).assistant.setTitle(...a),
    },
  };
  return { web, within: (ws, fn) => scope.run(ws, fn) };
}
