// Stable finding codes. Stored designs and tests refer to them: rename none, only add.
export const CHECK_CODES = [
  'cost_exceeds_revenue',
  'high_touch_low_margin',
  'touch_below_expectation',
  'touch_above_expectation',
  'no_retention',
  'transactional_but_repeat',
  'community_not_seeded',
  'co_creation_no_channel',
  'dedicated_everywhere',
  'norm_break_unexplained',
  'two_sided_one_segment',
  'no_relationship_type',
  'cost_share_unknown',
  'acquisition_payback',
  'hybrid_suggested',
  'cross_subsidy',
  'side_without_plan',
  'norm_break_untested',
  'canvas_implications',
  'existing_unhappy_kept',
] as const;

export type CheckCode = (typeof CHECK_CODES)[number];
