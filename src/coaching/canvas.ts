import type { Segment } from '../core/design.ts';
import { type Check, businessCheck } from './check.ts';
import { COMMUNITY_PLACE, SEEDING } from './community.ts';
import { findMatch, listing, segmentTexts } from './text.ts';

// The relationship block is one of nine: a choice here puts work in others. A coach names
// where, so the team carries it over to their canvas.

const ROLE =
  /\b(account managers?|customer success managers?|success managers?|advisors?|advisers?|consultants?|concierges?|personal shoppers?|private bankers?|coach(es)?|sales ?(people|reps?|team)|staff)\b/i;

const AUTOMATION =
  /\b(faqs?|chat ?bots?|bots?|help cent(er|re)|knowledge base|tutorials?|docs|documentation|app|portal|automatic \w+|recommendations?|email sequences?)\b/i;

const MAX_PARTS = 3;

function words(segment: Segment, pattern: RegExp): string | null {
  const hit = findMatch(segmentTexts(segment), pattern);
  const m = hit ? new RegExp(pattern.source, 'i').exec(hit) : null;
  return m ? m[0].toLowerCase() : null;
}

function names(segments: readonly Segment[]): string {
  return listing(segments.map((s) => s.name));
}

export const canvasImplications: Check = businessCheck('canvas_implications', (design) => {
  const has = (s: Segment, ...types: Segment['relationship']['types']) => types.some((t) => s.relationship.types.includes(t));
  const personal = design.segments.filter((s) => has(s, 'dedicated_personal_assistance'));
  const community = design.segments.filter((s) => has(s, 'community'));
  const automated = design.segments.filter((s) => has(s, 'automated_service', 'self_service'));
  const parts: string[] = [];
  if (personal.length) {
    const role = personal.map((s) => words(s, ROLE)).find((w) => w !== null);
    parts.push(`${role ? `the ${role}` : 'a dedicated team'} (${names(personal)}) are key resources to hire and train, and a line in your cost structure`);
  }
  // A community whose place and moderators are already named has what it needs.
  const unplaced = community.filter((s) => !(words(s, COMMUNITY_PLACE) && words(s, SEEDING)));
  if (unplaced.length) {
    const place = unplaced.map((s) => words(s, COMMUNITY_PLACE)).find((w) => w !== null && w !== 'community');
    parts.push(`the community${place ? ` (${place})` : ''} of ${names(unplaced)} needs a channel to live in and a moderator`);
  }
  if (automated.length) {
    const tool = automated.map((s) => words(s, AUTOMATION)).find((w) => w !== null);
    parts.push(`keeping ${tool ? `the ${tool}` : 'self-service and automation'} (${names(automated)}) up to date is a key activity`);
  }
  if (parts.length === 0) return null;
  return {
    severity: 'info',
    message: `Beyond this block: ${parts.slice(0, MAX_PARTS).join('; ')}. Carry these over to the rest of your canvas.`,
  };
});
