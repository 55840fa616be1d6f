import type { Amount, RelationshipDesign, Segment } from '../core/design.ts';
import { formatDerived } from '../core/render/money.ts';
import { perMonth } from './amounts.ts';
import { type Check, segmentCheck } from './check.ts';
import { answeredPastTypes } from './structure.ts';

// A two-sided market is one business with two relationships: the side that pays has to carry
// the side that does not, and neither side can be left without a plan.

interface Side {
  segment: Segment;
  /** What a customer pays a month, less what keeping them costs a month. */
  margin: number;
  cost: number;
  revenue: number;
}

function monthly(amount: Amount | null): number | null {
  return amount ? perMonth(amount) : null;
}

/** A side with both monthly figures known, in a currency shared with the others. */
function side(segment: Segment): Side | null {
  const cost = monthly(segment.cost.relationship);
  const revenue = monthly(segment.cost.revenue);
  if (cost === null || revenue === null) return null;
  return { segment, cost, revenue, margin: revenue - cost };
}

function round(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

export const crossSubsidy: Check = segmentCheck('cross_subsidy', (segment, design: RelationshipDesign) => {
  if (!design.business.twoSided) return null;
  const sides = design.segments.map(side).filter((s): s is Side => s !== null);
  const me = sides.find((s) => s.segment.id === segment.id);
  if (!me || me.margin >= 0) return null;
  const currency = segment.cost.currency;
  // The paying side: the best-paying other side, in the same currency.
  const payer = sides
    .filter((s) => s.segment.id !== segment.id && s.revenue > me.revenue && (s.segment.cost.currency ?? currency) === (currency ?? s.segment.cost.currency))
    .sort((a, b) => b.revenue - a.revenue)[0];
  if (!payer) return null;
  const money = (n: number) => formatDerived(n, currency ?? payer.segment.cost.currency);
  const loss = -me.margin;
  const free = me.revenue === 0 ? 'free' : 'subsidised';
  const keep = `Keeping one of ${segment.name} (the ${free} side) costs ${money(loss)} a month more than they pay`;
  if (payer.margin <= 0) {
    return {
      severity: 'warning',
      message:
        `${keep}, and ${payer.segment.name}, the paying side, already lose ${money(-payer.margin)} a month each (from your figures). ` +
        `Nothing is left to carry ${segment.name}: fix the paying side's margin first, then see how many free users it can carry.`,
    };
  }
  if (loss <= payer.margin) return null;
  const ratio = payer.margin / loss;
  return {
    severity: 'warning',
    message:
      `${keep}; one of ${payer.segment.name} brings ${money(payer.margin)} a month after its own cost (from your figures). ` +
      `So each paying customer carries only ${round(ratio)} of a free one: you need ${round(1 / ratio)} paying for every ${segment.name.toLowerCase()} user. ` +
      `Make the ${free} side cheaper to keep (self-service, community) or raise what ${payer.segment.name} pay.`,
  };
});

function hasPlan(segment: Segment): boolean {
  const { relationship, lifecycle } = segment;
  return (
    relationship.types.length > 0 ||
    lifecycle.acquisition.tactics.length > 0 ||
    lifecycle.retention.tactics.length > 0 ||
    lifecycle.growth.tactics.length > 0
  );
}

export const sideWithoutPlan: Check = segmentCheck('side_without_plan', (segment, design) => {
  if (!design.business.twoSided || design.segments.length < 2) return null;
  // A side with later answers but no type is no_relationship_type's to say.
  if (hasPlan(segment) || answeredPastTypes(segment)) return null;
  const planned = design.segments.filter((s) => s.id !== segment.id && hasPlan(s));
  if (planned.length === 0) return null;
  const other = planned[0]!.name;
  return {
    severity: 'warning',
    message:
      `${segment.name} is one side of your market but has no relationship plan yet, while ${other} has one. ` +
      `A platform needs both sides: how will you win ${segment.name} and keep them coming back?`,
  };
});
