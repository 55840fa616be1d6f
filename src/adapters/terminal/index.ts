import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readline from 'node:readline';
import type { Engine } from '../../core/module.ts';
import type { Reply } from '../../core/reply.ts';
import type { ConversationKey } from '../../core/turn.ts';
import { pickOption, renderReplies } from './render.ts';

// The terminal channel: one line in, the bot's replies out. On a TTY it prompts with
// `you> ` and echoes what is typed; piped, it reads one message per line and exits at end
// of input. Each session name is its own team, so its check-ins are its own.

export interface TerminalOptions {
  engine: Engine;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  user: string;
  /** Names the conversation, so a Redis-backed session can be resumed. */
  session: string;
  /** Said on a TTY when the person leaves (quit, exit, Ctrl-D, Ctrl-C). */
  goodbye?: string;
  /** Where charts are saved as PNG files (default: rapport-files in the system temp folder). */
  filesDir?: string;
}

/** Words that end the chat instead of reaching the bot. */
export const LEAVE = /^(quit|exit|bye|goodbye)$/i;

/** A session is a team of its own: check-ins and the cohort view go by workspace and channel. */
export function terminalKey(session: string): ConversationKey {
  return { platform: 'terminal', workspace: 'local', channel: session, thread: session };
}

export async function runTerminal(opts: TerminalOptions): Promise<void> {
  const key = terminalKey(opts.session);
  const color = opts.interactive;
  const filesDir = opts.filesDir ?? join(tmpdir(), 'rapport-files');
  let last: Reply | undefined;
  let count = 0;

  const send = async (said: string) => {
    const choice = pickOption(said, last);
    const replies = await opts.engine.handle({
      key,
      author: { id: opts.user, name: opts.user },
      text: said,
      ...(choice ? { choice: { value: choice } } : {}),
      messageId: `terminal-${Date.now()}-${count++}`,
      receivedAt: new Date(),
    });
    if (replies.length) {
      opts.output.write(`${renderReplies(replies, { color, filesDir })}\n\n`);
      last = [...replies].reverse().find((r) => r.kind === 'choices' || r.kind === 'confirm') ?? replies[replies.length - 1];
    }
  };

  // Greet before reading: lines that arrive while a readline has no consumer yet are lost,
  // and an unread stdin simply waits in its buffer.
  await send('');
  // With an output (on a TTY only) readline echoes what is typed and edits the line.
  const rl = opts.interactive
    ? readline.createInterface({ input: opts.input, output: opts.output, terminal: true, crlfDelay: Infinity, historySize: 100 })
    : readline.createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
  let left = false;
  if (opts.interactive) {
    // Ctrl-C leaves like Ctrl-D, with the goodbye, instead of killing the process mid-write.
    rl.on('SIGINT', () => rl.close());
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (!line.trim()) {
      if (opts.interactive) rl.prompt();
      continue;
    }
    if (LEAVE.test(line.trim())) {
      left = true;
      break;
    }
    await send(line);
    if (opts.interactive) rl.prompt();
  }
  rl.close();
  // Ctrl-D leaves the cursor after the prompt; start the goodbye on a fresh line.
  if (opts.interactive) opts.output.write(`${left ? '' : '\n'}${opts.goodbye ?? 'Bye.'}\n`);
}
