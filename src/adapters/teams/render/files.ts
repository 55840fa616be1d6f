import type { FileReply } from '../../../core/reply.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './cards.ts';
import { splitText, unescapeMarkdown } from './markdown.ts';

// Files in Teams: a bot cannot attach an arbitrary file in a channel without SharePoint
// and Graph permissions, so exports are shown inline. Markdown becomes a card (headings,
// paragraphs, tables), JSON a code block in a message, a picture an image card.

/** Teams refuses messages above roughly 28 KB; stay well under it. */
export const MAX_ACTIVITY_CHARS = 20_000;

export type FilePart = { kind: 'card'; card: AdaptiveCard } | { kind: 'text'; text: string };

export function renderFile(file: FileReply): FilePart[] {
  if (file.encoding === 'base64') {
    if (file.mimeType.startsWith('image/')) {
      return [{ kind: 'card', card: adaptiveCard([textBlock(file.title, { weight: 'Bolder' }), { type: 'Image', url: `data:${file.mimeType};base64,${file.content}`, altText: file.title }]) }];
    }
    return [{ kind: 'text', text: `**${file.title}** (${file.filename}) cannot be shown in Teams.` }];
  }
  if (file.mimeType === 'application/json' || file.filename.endsWith('.json')) return codeMessages(file, 'json');
  if (file.mimeType === 'text/markdown' || file.filename.endsWith('.md')) return markdownCards(file);
  return codeMessages(file, '');
}

/** A fenced code block per message; long content is cut at line breaks into numbered parts. */
function codeMessages(file: FileReply, lang: string): FilePart[] {
  const parts = splitText(file.content.replace(/```/g, '`\u200b``'), MAX_ACTIVITY_CHARS - 200);
  return parts.map((part, i) => ({
    kind: 'text',
    text: `**${file.title}** · ${file.filename}${parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : ''}\n\n\`\`\`${lang}\n${part}\n\`\`\``,
  }));
}

function markdownCards(file: FileReply): FilePart[] {
  const cards: CardElement[][] = [[]];
  let size = 0;
  for (const element of markdownElements(file.content)) {
    const n = JSON.stringify(element).length;
    if (size + n > MAX_ACTIVITY_CHARS && cards[cards.length - 1]!.length) {
      cards.push([]);
      size = 0;
    }
    cards[cards.length - 1]!.push(element);
    size += n;
  }
  const last = cards[cards.length - 1]!;
  last.push(textBlock(file.filename, { size: 'Small', isSubtle: true, separator: true }));
  return cards.map((body) => ({ kind: 'card', card: adaptiveCard(body, [], { wide: true }) }));
}

/** The markdown export's blocks as card elements: headings, tables, paragraphs and lists. */
export function markdownElements(md: string): CardElement[] {
  const out: CardElement[] = [];
  const blocks = md.replace(/\r\n/g, '\n').split(/\n{2,}/);
  for (const raw of blocks) {
    // A block may hold a heading line followed by a table, so group line by line.
    let run: { kind: 'table' | 'text'; lines: string[] } | undefined;
    const flush = () => {
      if (run?.kind === 'table') out.push(table(run.lines));
      // "two spaces + newline" is a line break in markdown; cards break on a plain newline.
      else if (run) out.push(textBlock(unescapeMarkdown(run.lines.map((l) => l.replace(/ {2,}$/, '')).join('\n'))));
      run = undefined;
    };
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const heading = /^(#{1,6})\s+(.*)$/.exec(line.trim());
      if (heading) {
        flush();
        const level = heading[1]!.length;
        out.push(textBlock(unescapeMarkdown(heading[2]!), { weight: 'Bolder', size: level === 1 ? 'Large' : level === 2 ? 'Medium' : 'Default', spacing: 'Medium' }));
        continue;
      }
      const kind = line.trim().startsWith('|') ? 'table' : 'text';
      if (run?.kind !== kind) flush();
      run ??= { kind, lines: [] };
      run.lines.push(line);
    }
    flush();
  }
  return out;
}

function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => unescapeMarkdown(c.trim()));
}

function table(lines: string[]): CardElement {
  // The "| --- | --- |" line only separates the header.
  const rows = lines.filter((l) => !/^[\s|:-]+$/.test(l)).map(cells);
  const width = Math.max(...rows.map((r) => r.length));
  return {
    type: 'Table',
    firstRowAsHeader: true,
    showGridLines: true,
    columns: Array.from({ length: width }, () => ({ width: 1 })),
    rows: rows.map((r, i) => ({
      type: 'TableRow',
      cells: Array.from({ length: width }, (_, c) => ({
        type: 'TableCell',
        items: [textBlock(r[c] ?? '', i === 0 ? { weight: 'Bolder' } : {})],
      })),
    })),
  };
}
