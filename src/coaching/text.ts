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

/** Quote a piece of the team's text, cut short so a message stays one line. */
export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat}"`;
}

/** "a", "a and b", "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
