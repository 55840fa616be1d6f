import type { EngineModule } from '../../core/module.ts';

// `forget` in a Slack design thread also drops the channel's note that this thread is the
// latest design (kept for `/rapport summary`), so nothing about it stays behind.

/** Same key as dispatch.ts's latestThreadKey (kept here so the engine side needs no Slack code). */
const latestKey = (team: string, channel: string) => `slack:latest:${team}:${channel}`;

export const slackLatestModule: EngineModule = {
  name: 'slack-latest',
  commands: [],
  async forget(ctx) {
    const { key } = ctx.turn;
    if (key.platform !== 'slack') return;
    const note = latestKey(key.workspace, key.channel);
    if ((await ctx.store.get<string>(note)) === key.thread) await ctx.store.delete(note);
  },
};
