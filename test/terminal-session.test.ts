import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runTerminal, terminalKey } from '../src/adapters/terminal/index.ts';
import type { Engine } from '../src/core/module.ts';
import { conversationId, type Turn } from '../src/core/turn.ts';
import { createApp } from '../src/app.ts';
import { ConfigSchema } from '../src/config.ts';
import { featureModules } from '../src/modules.ts';
import { memoryLogger } from './teams-fakes.ts';

// The terminal channel without a real TTY: readline in terminal mode over PassThrough
// streams shows what it prints (prompt, echo, goodbye). test/terminal-tmux.test.ts does
// the same on a real pseudo-terminal.

const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

function recorder(answer: (t: Turn) => string = (t) => `heard: ${t.text}`) {
  const turns: Turn[] = [];
  const engine: Engine = {
    async handle(turn) {
      turns.push(turn);
      return [{ kind: 'text', text: turn.text ? answer(turn) : 'Hello there.' }];
    },
    isActive: async () => true,
  };
  return { engine, turns };
}

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, shown: () => plain(shown) };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error('condition not met');
};

describe('terminal on a TTY', () => {
  it('prompts with "you> ", echoes the typed line, answers, and says goodbye on quit', async () => {
    const { engine, turns } = recorder();
    const io = streams();
    const done = runTerminal({ engine, input: io.input, output: io.output, interactive: true, user: 'maya', session: 's1', goodbye: 'Bye for now.' });
    await until(() => io.shown().includes('you> '));
    io.input.write('hello there\r');
    await until(() => io.shown().includes('heard: hello there'));
    expect(io.shown()).toContain('you> hello there');
    io.input.write('quit\r');
    await done;
    expect(io.shown().trimEnd().endsWith('Bye for now.')).toBe(true);
    // quit never reaches the bot.
    expect(turns.map((t) => t.text)).toEqual(['', 'hello there']);
  });

  it('exit and Ctrl-D leave the same way', async () => {
    for (const leave of ['exit\r', '\u0004']) {
      const { engine } = recorder();
      const io = streams();
      const done = runTerminal({ engine, input: io.input, output: io.output, interactive: true, user: 'maya', session: 's1' });
      await until(() => io.shown().includes('you> '));
      io.input.write(leave);
      await done;
      expect(io.shown()).toMatch(/Bye\.\n$/);
    }
  });

  it('piped input: one message per line, no prompt, no goodbye, ends at end of input', async () => {
    const { engine, turns } = recorder();
    const io = streams();
    io.input.end('first line\nsecond line\n');
    await runTerminal({ engine, input: io.input, output: io.output, interactive: false, user: 'maya', session: 's1' });
    expect(turns.map((t) => t.text)).toEqual(['', 'first line', 'second line']);
    expect(io.shown()).not.toContain('you>');
    expect(io.shown()).not.toContain('Bye');
    expect(io.shown()).toContain('heard: second line');
  });
});

describe('each --session is its own team', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  it('sessions differ in workspace/channel, not only in thread', () => {
    const a = terminalKey('s1');
    const b = terminalKey('s2');
    expect(`${a.workspace}/${a.channel}`).not.toBe(`${b.workspace}/${b.channel}`);
    expect(conversationId(a)).not.toBe(conversationId(b));
  });

  it('check-ins scheduled in s1 are not listed in s2', async () => {
    const config = ConfigSchema.parse({});
    const app = await createApp(config, memoryLogger(), { modules: () => featureModules(config) });
    closers.push(() => app.close());
    const chat = async (session: string, lines: string[]) => {
      const io = streams();
      io.input.end(lines.map((l) => `${l}\n`).join(''));
      await runTerminal({ engine: app.engine, input: io.input, output: io.output, interactive: false, user: 'maya', session });
      return io.shown();
    };
    const s1 = await chat('s1', ['checkin every monday at 09:30 Europe/Berlin', 'checkin']);
    expect(s1).toMatch(/Check-ins run/i);
    const s2 = await chat('s2', ['checkin']);
    expect(s2).toMatch(/No check-ins are scheduled/);
    const again = await chat('s1', ['checkin']);
    expect(again).toMatch(/Check-ins run/i);
  });
});
