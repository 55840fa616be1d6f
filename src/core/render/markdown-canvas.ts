import type { RelationshipDesign, Segment } from '../design.ts';
import { costAmounts } from './cost.ts';
import { COST_LEVEL_LABELS, NATURE_LABELS, TOUCH_LABELS, relationshipTypesLabel } from './labels.ts';
import { todayOf } from '../today.ts';
import { escapeInline } from './markdown-escape.ts';

// The canvas version of the export: a few short bullets per segment, the size of a sticky
// note, in the team's own words and never clipped. The full detail follows it.

export const MAX_CANVAS_BULLETS = 6;

export function canvasBullets(segment: Segment): string[] {
  const { relationship, expected, lifecycle, cost } = segment;
  const how = [
    relationship.types.length ? relationshipTypesLabel(relationship.types) : null,
    relationship.nature ? NATURE_LABELS[relationship.nature] : null,
  ].filter((p): p is string => p !== null);
  const touch = relationship.touch
    ? `${TOUCH_LABELS[relationship.touch]}${expected.touch && expected.touch !== relationship.touch ? ` (they expect ${expected.touch})` : ''}`
    : null;
  const reach = segment.reach === 'indirect' ? 'through intermediaries' : null;
  const tactics = (label: string, list: readonly string[]) => (list.length ? `${label}: ${list.map(escapeInline).join(', ')}` : null);
  const amounts = costAmounts(cost, 'short');
  const money = [cost.level ? COST_LEVEL_LABELS[cost.level] : null, amounts].filter((p): p is string => p !== null);
  const now = todayOf(segment.rationale);
  const today = now ? `Today: ${now.what ? escapeInline(now.what) : 'as is'}${now.happy ? ` (customers happy: ${now.happy})` : ''}` : null;
  const bullets = [
    how.length ? how.join(', ') : null,
    today,
    [touch, reach].filter(Boolean).join(', ') || null,
    tactics('Win', lifecycle.acquisition.tactics),
    tactics('Keep', lifecycle.retention.tactics),
    tactics('Grow', lifecycle.growth.tactics),
    money.length ? `Cost: ${money.join(', ')}` : null,
  ].filter((b): b is string => b !== null);
  return bullets.slice(0, MAX_CANVAS_BULLETS).map((b) => `- ${b}`);
}

/** "## On the canvas" with each designed segment's bullets; nothing when no segment has any. */
export function canvasBlock(design: RelationshipDesign): string[] {
  const notes = design.segments
    .map((s) => ({ name: s.name, bullets: canvasBullets(s) }))
    .filter((n) => n.bullets.length > 0)
    .map((n) => `**${escapeInline(n.name)}**\n${n.bullets.join('\n')}`);
  return notes.length ? ['## On the canvas', ...notes] : [];
}
