// User text goes into markdown as text, never as markup.

const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;

/** Text on one line inside a paragraph, list item or heading. */
export function escapeInline(text: string): string {
  return escapeHashes(text.replace(/\s+/g, ' ').trim().replace(INLINE_SPECIAL, (c) => `\\${c}`));
}

/** A # after a space could open a heading or close one ("## Name #"); "C#" is left alone. */
function escapeHashes(text: string): string {
  return text.replace(/(^|\s)#/g, '$1\\#');
}

/** Text in a table cell: one line, pipes escaped (escapeInline does both). */
export function escapeCell(text: string): string {
  return escapeInline(text);
}

/** Text that starts its own lines (a paragraph): also neutralise block markers at line starts. */
export function escapeBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .map((line) => escapeLineStart(escapeHashes(line.replace(INLINE_SPECIAL, (c) => `\\${c}`))))
    .join('\n')
    .trim();
}

function escapeLineStart(line: string): string {
  const ordered = /^(\d+)([.)])/.exec(line);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${line.slice(ordered[0].length)}`;
  return /^[+\-=]/.test(line) ? `\\${line}` : line;
}
