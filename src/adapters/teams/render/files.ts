import type { FileReply } from '../../../core/reply.ts';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './cards.ts';
import { jsonBytes, splitText, unescapeMarkdown } from './markdown.ts';

// Files in Teams: a bot cannot attach an arbitrary file in a channel without SharePoint
// and Graph permissions, so exports are shown inline. Markdown becomes a card (headings,
// paragraphs, tables), JSON a code block in a message, a picture an image card.

/** Teams refuses a message above roughly 28 KB of UTF-8 (the whole activity). */
export const TEAMS_MAX_BYTES = 28 * 1024;
/** What one message's content may take, in UTF-8 bytes as JSON; the rest of the activity fits in the margin. */
export const MAX_ACTIVITY_BYTES = 20_000;

export type FilePart = { kind: 'card'; card: AdaptiveCard } | { kind: 'text'; text: string };

export function renderFile(file: FileReply): FilePart[] {
  if (file.encoding === 'base64') {
    if (file.mimeType.startsWith('image/')) {
      return [{ kind: 'card', card: adaptiveCard([textBlock(file.title, { weight: 'Bolder' }), { type: 'Image', url: `data:${file.mimeType};base64,${file.content}`, altText: file.alt ?? file.title }]) }];
    }
    return [{ kind: 'text', text: `**${file.title}** (${file.filename}) cannot be shown in Teams.` }];
  }
  if (file.mimeType === 'application/json' || file.filename.endsWith('.json')) return codeMessages(file, 'json');
  if (file.mimeType === 'text/markdown' || file.filename.endsWith('.md')) return markdownCards(file);
  return codeMessages(file, '');
}

/** A fenced code block per message; long content is cut at line breaks into numbered parts. */
function codeMessages(file: FileReply, lang: string): FilePart[] {
  const parts = splitText(file.content.replace(/```/g, '`\u200b``'), MAX_ACTIVITY_BYTES - 200 - jsonBytes(`${file.title}${file.filename}`));
  return parts.map((part, i) => ({
    kind: 'text',
    text: `**${file.title}** · ${file.filename}${parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : ''}\n\n\`\`\`${lang}\n${part}\n\`\`\``,
  }));
}

function markdownCards(file: FileReply): FilePart[] {
  const body = [...markdownElements(file.content), textBlock(file.filename, { size: 'Small', isSubtle: true, separator: true })];
  return packElements(body).map((elements) => ({ kind: 'card', card: adaptiveCard(elements, [], { wide: true }) }));
}

/** Card bodies of at most MAX_ACTIVITY_BYTES each, in order; an element too big alone is split first. */
export function packElements(elements: CardElement[], budget = MAX_ACTIVITY_BYTES): CardElement[][] {
  const cards: CardElement[][] = [[]];
  let size = 0;
  for (const element of elements.flatMap((e) => splitElement(e, budget))) {
    const n = jsonBytes(element) + 1;
    if (size + n > budget && cards[cards.length - 1]!.length) {
      cards.push([]);
      size = 0;
    }
    cards[cards.length - 1]!.push(element);
    size += n;
  }
  return cards;
}

/** A long paragraph becomes several TextBlocks, a long table several tables with the header repeated. */
function splitElement(element: CardElement, budget: number): CardElement[] {
  if (jsonBytes(element) <= budget) return [element];
  if (element.type === 'TextBlock' && typeof element.text === 'string') {
    const room = budget - (jsonBytes({ ...element, text: '' }) + 1);
    return splitText(element.text, room).map((text) => ({ ...element, text }));
  }
  if (element.type === 'Table' && Array.isArray(element.rows) && element.rows.length > 2) {
    const [header, ...rows] = element.rows as CardElement[];
    const tables: CardElement[] = [];
    let chunk: CardElement[] = [];
    const frame = jsonBytes({ ...element, rows: [header] });
    let size = frame;
    for (const row of rows) {
      const n = jsonBytes(row) + 1;
      if (size + n > budget && chunk.length) {
        tables.push({ ...element, rows: [header!, ...chunk] });
        chunk = [];
        size = frame;
      }
      chunk.push(row);
      size += n;
    }
    if (chunk.length) tables.push({ ...element, rows: [header!, ...chunk] });
    return tables;
  }
  return [element];
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
