import type { Cue } from './match.ts';

// Lifecycle tactics as domain.md lists them, and the cue words that say which stage a
// tactic serves ("to win", "to keep", "to grow").

export type Stage = 'acquisition' | 'retention' | 'growth';

export const TACTIC_CUES: readonly Cue<Stage>[] = [
  ['acquisition', String.raw`seo|sem|search(?:\s+(?:ads|engine\s+\w+|marketing))?|google\s+ads|(?:paid\s+|online\s+|social\s+|facebook\s+|instagram\s+|linkedin\s+)?ads|advertising|adverts?|content(?:\s+marketing)?|blog(?:\s+posts?|ging)?|social(?:\s+media)?|instagram|tiktok|linkedin|youtube|influencers?|referrals?(?:\s+(?:program(?:me)?s?|scheme|bonus))?|affiliates?(?:\s+program(?:me)?s?)?|word\s+of\s+mouth|events?|webinars?|conferences?|trade\s+(?:shows?|fairs?)|meet[- ]?ups?|personali[sz]ed\s+offers?|partnerships?|partners?|direct\s+sales|sales\s+(?:team|calls?|outreach)|cold\s+(?:emails?|calls?|outreach)|outreach|free\s+trials?|freemium|demos?|launch(?:es)?|product\s+hunt|press|pr|podcasts?|newsletter\s+sign[- ]?ups?|landing\s+pages?|discounts?|first[- ]order\s+\w+|introductory\s+offers?|open\s+days?|workshops?|sponsorships?`],
  ['retention', String.raw`loyalty(?:\s+(?:program(?:me)?s?|cards?|points|scheme|rewards?))?|rewards?(?:\s+program(?:me)?s?)?|points|stamp\s+cards?|feedback(?:\s+(?:loops?|calls?|surveys?))?|surveys?|nps|support(?:\s+quality)?|customer\s+(?:service|success|care)|community|forums?|user\s+groups?|(?:regular\s+|product\s+)?updates?|newsletters?|(?:onboarding|welcome|lifecycle|drip|check[- ]?in)\s+emails?|onboarding(?:\s+\w+)?|subscriptions?|contracts?|memberships?|check[- ]?ins?|(?:quarterly|monthly|annual|business)\s+(?:reviews?|calls?|check[- ]?ins?)|qbrs?|account\s+managers?|training|office\s+hours|success\s+calls?|re[- ]?engagement(?:\s+\w+)?|win[- ]?back(?:\s+\w+)?|reminders?|renewals?|help\s+(?:cent(?:re|er)|docs)|tutorials?|docs|faqs?|personal\s+notes?|thank[- ]you\s+\w+|birthday\s+\w+|annual\s+plans?|retention\s+\w+`],
  ['growth', String.raw`upsells?|up[- ]?sell(?:ing)?|cross[- ]?sell(?:s|ing)?|premium(?:\s+(?:tiers?|plans?|features?|versions?))?|pro\s+(?:tiers?|plans?)|(?:higher|paid|enterprise|team|business)\s+(?:tiers?|plans?)|tiers?|upgrades?|add[- ]?ons?(?:\s+services?)?|bundles?|bundling|usage\s+(?:analysis|data|analytics|reviews?)|purchase\s+(?:analysis|history|data)|recommendations?|seasonal(?:\s+\w+)?|themed\s+campaigns?|campaigns?|more\s+seats|extra\s+seats|seat\s+expansion|expansion(?:\s+\w+)?|volume\s+discounts?|new\s+products?|extra\s+services?|consulting|services\s+on\s+top`],
];

/** "to win", "to keep them", "upsell", "for growth", "win:" and the like. */
export const STAGE_CUES: readonly Cue<Stage>[] = [
  ['acquisition', String.raw`(?:to|for|we(?:'ll|\s+will)?|will|and)\s+(?:win|acquire|attract|get|land|bring\s+in|pull\s+in|find|capture|reach)(?:\s+(?:them|new\s+\w+|more\s+\w+|customers|users|clients|people|buyers|leads))?|(?:for\s+)?(?:acquisition|acquiring)|(?:win|get|acquire|attract)(?:\s+them)?\s*:|winning\s+them|to\s+sign\s+(?:them\s+)?up|(?:to\s+)?bring\s+them\s+in|get\s+new\s+\w+`],
  ['retention', String.raw`(?:to|for|we(?:'ll|\s+will)?|will|and)\s+(?:keep|retain|hold(?:\s+on\s+to|\s+onto)?|stick|stay)(?:\s+(?:them|customers|users|clients|people|around|with us|loyal))?|(?:for\s+)?retention|retaining|(?:keep|retain)(?:\s+them)?\s*:|keeping\s+them|so\s+they\s+(?:stay|stick(?:\s+around)?|come\s+back)|to\s+reduce\s+churn|against\s+churn`],
  ['growth', String.raw`(?:to|for|we(?:'ll|\s+will)?|will|and)\s+(?:grow|expand|upsell|up-sell|cross[- ]sell|increase\s+(?:spend|revenue|basket))(?:\s+(?:them|accounts?|revenue|customers|spend))?|(?:for\s+)?growth|(?:grow|expand|upsell)(?:\s+them)?\s*:|growing\s+them|so\s+they\s+(?:spend|buy)\s+more`],
];
