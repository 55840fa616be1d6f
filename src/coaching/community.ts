import { type Check, segmentCheck } from './check.ts';
import { findMatch, quote, segmentTexts } from './text.ts';

// Communities and co-creation do not start by themselves: someone has to go first, and
// customers need a place to contribute.

export const SEEDING =
  /\b(seed\w*|champions?|moderat\w*|ambassadors?|mvps?|experts?|volunteers?|super[- ]?users?|power[- ]users?|hosts?|community managers?|first (posts?|content|questions?|answers?|members?)|(we|team|staff|founders?) (will )?answers?)\b/i;

export const COMMUNITY_PLACE = /\b(forums?|groups?|slack|discord|meetups?|clubs?|circles?|communit(y|ies))\b/i;

const CONTRIBUTION_CHANNEL =
  /\b(reviews?|ratings?|forums?|beta\w*|feedback|surveys?|ideas?|votes?|voting|submi\w*|uploads?|uploading|portal|boards?|roadmap|user groups?|workshops?|co-?design\w*|contribut\w*|github|discord|slack|pull requests?|wiki|templates?|user[- ]generated|ugc|advisory|panels?|pilots?|early access)\b/i;

export const communityNotSeeded: Check = segmentCheck('community_not_seeded', (segment) => {
  if (!segment.relationship.types.includes('community')) return null;
  const texts = segmentTexts(segment);
  if (findMatch(texts, SEEDING)) return null;
  const place = findMatch(texts, COMMUNITY_PLACE);
  const what = place ? `A community (${quote(place, COMMUNITY_PLACE)})` : 'A community';
  return {
    severity: 'info',
    message:
      `${what} needs seeding: who answers the first questions? Name a few champions or moderators and ` +
      'some first content before counting on customers to help each other.',
  };
});

export const coCreationNoChannel: Check = segmentCheck('co_creation_no_channel', (segment) => {
  const { types } = segment.relationship;
  if (!types.includes('co_creation')) return null;
  // A community is itself a place to contribute.
  if (types.includes('community')) return null;
  if (findMatch(segmentTexts(segment), CONTRIBUTION_CHANNEL)) return null;
  return {
    severity: 'info',
    message:
      'You count on co-creation, but nothing says where customers contribute. Give them a place: reviews, ' +
      'a beta programme, an ideas board or a shared space for their content.',
  };
});
