import type { TurnContext } from '../../core/module.ts';
import type { ExtractionOf } from '../../core/extraction.ts';
import type { Reply } from '../../core/reply.ts';

// No silent limits: when an answer holds more than a design can keep, the team is told the
// limit and picks what stays, instead of the extra being dropped without a word.

/** Each segment gets its own run of questions; more than this is no longer a conversation. */
export const MAX_SEGMENTS = 8;

/** The distinct segment names read from an answer, in the order given. */
function distinctNames(data: ExtractionOf<'segments'>): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const s of data.segments) {
    const k = s.name.trim().toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    names.push(s.name.trim());
  }
  return names;
}

/**
 * Too many segments: say how many a design keeps and ask which, with the names to pick.
 * Nothing is stored; the picked names come back as the next answer to the segments step.
 */
export function askWhichSegments(ctx: TurnContext, data: ExtractionOf<'segments'>): Reply | null {
  const names = distinctNames(data);
  if (names.length <= MAX_SEGMENTS) return null;
  // The picked list is taken as it is: no second "is that the list?" after this.
  ctx.session.cursor = { ...ctx.session.cursor, followedUp: true, confirm: undefined };
  return {
    kind: 'choices',
    multi: true,
    text:
      `You named ${names.length} segments. A design keeps up to ${MAX_SEGMENTS}, each with its own relationship, ` +
      `so which ones shall we work on? Pick up to ${MAX_SEGMENTS}, or type the list. You can design the others in a new thread.`,
    options: names.map((n) => ({ label: n, value: n })),
  };
}
