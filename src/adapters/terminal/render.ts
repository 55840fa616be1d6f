import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mentionsAsNames, type FileReply, type Reply } from '../../core/reply.ts';

// Replies as plain terminal text. Styling (bold) only on a TTY; piped output stays clean
// so scripts can read it.

export interface RenderOptions {
  color: boolean;
  /** Where pictures (trend charts) are written; unset, they are only named. */
  filesDir?: string;
}

/** A picture cannot be shown in a terminal: it is written to a file and its path printed. */
function savePicture(file: FileReply, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, file.filename.replace(/(\.[a-z0-9]+)?$/i, (ext) => `-${stamp}${ext}`));
  writeFileSync(path, Buffer.from(file.content, 'base64'));
  return path;
}

function inline(text: string, { color }: RenderOptions): string {
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[22m` : s);
  return mentionsAsNames(text)
    .replace(/\*\*(.+?)\*\*/g, (_m, s: string) => bold(s))
    .replace(/(^|[\s(])_(\S[^_]*?)_(?=[\s).,:;!?]|$)/g, '$1$2')
    .replace(/(^|[\s(])\*(\S[^*]*?)\*(?=[\s).,:;!?]|$)/g, '$1$2');
}

const NOTE_MARK = { warning: '⚠', info: 'ℹ' } as const;

export function renderReply(reply: Reply, opts: RenderOptions): string {
  switch (reply.kind) {
    case 'text':
      return inline(reply.text, opts);
    case 'choices': {
      const options = reply.options.map((o, i) => `[${i + 1}] ${o.label}`).join('  ');
      const hint = reply.multi ? ' (type numbers like 1,3 or your own words)' : ' (type a number or your own words)';
      return `${inline(reply.text, opts)}\n  ${options}${hint}`;
    }
    case 'confirm':
      return `${inline(reply.text, opts)}\n  [1] ${reply.confirm.label}  [2] ${reply.cancel.label}`;
    case 'card': {
      const parts = [inline(`**${reply.title}**`, opts)];
      for (const section of reply.sections) {
        parts.push(inline(`**${section.heading}**`, opts));
        parts.push(...section.lines.map((l) => `  ${inline(l, opts)}`));
        parts.push(...section.notes.map((n) => `  ${NOTE_MARK[n.severity]} ${inline(n.text, opts)}`));
      }
      if (reply.footer) parts.push(inline(reply.footer, opts));
      return parts.join('\n');
    }
    case 'file':
      if (reply.encoding === 'base64') {
        if (opts.filesDir) {
          const path = savePicture(reply, opts.filesDir);
          return `${reply.title}: saved to ${path}${reply.alt ? `\n  ${reply.alt}` : ''}`;
        }
        return `[${reply.title}: ${reply.filename}, ${Math.round((reply.content.length * 3) / 4 / 1024)} kB — open it in Slack or Teams]`;
      }
      return `----- ${reply.filename} -----\n${reply.content}\n----- end of ${reply.filename} -----`;
  }
}

export function renderReplies(replies: Reply[], opts: RenderOptions): string {
  return replies.map((r) => renderReply(r, opts)).join('\n\n');
}

/** A bare number (or list of numbers) picks from the last offered choices. */
export function pickOption(said: string, last: Reply | undefined): string | null {
  if (!last || !/^\s*\d+(\s*[, ]\s*\d+)*\s*$/.test(said)) return null;
  const options = last.kind === 'choices' ? last.options : last.kind === 'confirm' ? [last.confirm, last.cancel] : [];
  const picked = said
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((n) => options[Number(n) - 1]);
  if (picked.length === 0 || picked.some((o) => !o)) return null;
  if (picked.length > 1 && !(last.kind === 'choices' && last.multi)) return null;
  return picked.map((o) => o!.value).join(', ');
}
