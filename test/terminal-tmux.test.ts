import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './support/cli.ts';
import { uniquePrefix } from './support/redis.ts';

// `rapport chat` on a real pseudo-terminal (tmux): the prompt, the typed line on screen,
// the answer, and the goodbye. Skipped where tmux is not installed.

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A server of our own, so nobody's tmux sessions are touched.
const socket = `rapport-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (target: string) => tmux('capture-pane', '-p', '-t', target, '-S', '-200');

async function waitForScreen(target: string, pattern: RegExp, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen(target);
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never showed ${pattern}; it shows:\n${last}`);
}

afterAll(() => {
  if (!hasTmux) return;
  const where = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  // tmux leaves its socket file behind.
  if (where) rmSync(where, { force: true });
});

describe.skipIf(!hasTmux)('rapport chat in tmux', () => {
  it('shows the prompt and the typed line, answers, and leaves with a goodbye on quit', async () => {
    const name = `chat-${uniquePrefix()}`.replace(/[^a-zA-Z0-9-]/g, '-');
    // Platform and model settings of this machine stay out, as in test/support/cli.ts.
    const env = ['env', '-u', 'REDIS_URL', '-u', 'OPENAI_API_KEY', '-u', 'SLACK_BOT_TOKEN', '-u', 'MICROSOFT_APP_ID', 'TERM=xterm'];
    const command = [...env, process.execPath, path.join(root, 'bin/rapport.js'), 'chat', '--session', name].map((a) => `'${a}'`).join(' ');
    tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '50', '-c', root, `${command}; echo "exited with $?"; sleep 60`);

    // tmux drops trailing blanks, so the prompt shows as "you>" at the end of a line.
    await waitForScreen(name, /you>$/m);
    tmux('send-keys', '-t', name, '-l', 'A budgeting app for students');
    // Echo: the line is on screen before Enter is pressed.
    await waitForScreen(name, /you> A budgeting app for students/);
    tmux('send-keys', '-t', name, 'Enter');
    const answered = await waitForScreen(name, /customer segments?[\s\S]*you>$/im);
    expect(answered).toMatch(/you> A budgeting app for students/);
    expect(answered).not.toMatch(/mention me/i);

    tmux('send-keys', '-t', name, '-l', 'quit');
    tmux('send-keys', '-t', name, 'Enter');
    const end = await waitForScreen(name, /exited with \d+/);
    expect(end).toMatch(/you> quit\s*\n\s*Bye\./);
    expect(end).toMatch(/exited with 0/);
  }, 90_000);
});
