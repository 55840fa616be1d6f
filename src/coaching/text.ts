import type { Segment } from '../core/design.ts';

// Tactics and notes are free text, so some checks look for tell-tale words in them.

/** Every piece of free text the team wrote about a segment. */
export function segmentTexts(segment: Segment): string[] {
  const { lifecycle, cost, competitors } = segment;
  const texts = [
    segment.description,
    segment.expected.industryNorm,
    ...lifecycle.acquisition.tactics,
    lifecycle.acquisition.notes,
    ...lifecycle.retention.tactics,
    lifecycle.retention.notes,
    ...lifecycle.growth.tactics,
    lifecycle.growth.notes,
    cost.notes,
    ...segment.touchpoints.flatMap((t) => [t.step, t.thinkFeel, t.owner]),
    competitors?.relationship ?? null,
    competitors?.advantage ?? null,
    segment.rationale,
  ];
  return texts.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
}

/** The first text that matches, or null. */
export function findMatch(texts: readonly string[], pattern: RegExp): string | null {
  return texts.find((t) => pattern.test(t)) ?? null;
}

/**
 * Quote the team's words, never clipped. A long text is narrowed to the sentence where
 * `pattern` matches (the words the finding is about), so a message stays readable.
 */
export function quote(text: string, pattern?: RegExp, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max || !pattern) return `"${flat}"`;
  return `"${sentenceAround(flat, pattern) ?? flat}"`;
}

const SENTENCE_END = /[.!?;](?=\s|$)/g;

/** The whole sentence of `text` in which `pattern` first matches. */
function sentenceAround(text: string, pattern: RegExp): string | null {
  const at = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
  if (!at) return null;
  let start = 0;
  let end = text.length;
  for (const stop of text.matchAll(SENTENCE_END)) {
    const i = stop.index ?? 0;
    if (i < at.index) start = i + 1;
    else if (i >= at.index + at[0].length) {
      end = i + 1;
      break;
    }
  }
  return text.slice(start, end).trim();
}

/** "a", "a and b", "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
