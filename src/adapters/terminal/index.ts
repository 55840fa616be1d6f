import readline from 'node:readline';
import type { Engine } from '../../core/module.ts';
import type { Reply } from '../../core/reply.ts';
import type { ConversationKey } from '../../core/turn.ts';
import { pickOption, renderReplies } from './render.ts';

// The terminal channel: one line in, the bot's replies out. On a TTY it prompts; piped,
// it reads one message per line and exits at end of input.

export interface TerminalOptions {
  engine: Engine;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  user: string;
  /** Names the conversation, so a Redis-backed session can be resumed. */
  session: string;
}

export async function runTerminal(opts: TerminalOptions): Promise<void> {
  const key: ConversationKey = { platform: 'terminal', workspace: 'local', channel: 'terminal', thread: opts.session };
  const color = opts.interactive;
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
      opts.output.write(`${renderReplies(replies, { color })}\n\n`);
      last = [...replies].reverse().find((r) => r.kind === 'choices' || r.kind === 'confirm') ?? replies[replies.length - 1];
    }
  };

  // Greet before reading: lines that arrive while a readline has no consumer yet are lost,
  // and an unread stdin simply waits in its buffer.
  await send('');
  const rl = readline.createInterface({ input: opts.input, terminal: opts.interactive, crlfDelay: Infinity });
  if (opts.interactive) {
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (!line.trim()) {
      if (opts.interactive) rl.prompt();
      continue;
    }
    if (opts.interactive && /^(quit|exit)$/i.test(line.trim())) break;
    await send(line);
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}
