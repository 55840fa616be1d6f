import type { ExtractionOf } from '../../../core/extraction.ts';
import { splitList } from '../lists.ts';
import { first } from '../match.ts';
import { REACH_CUES } from '../lexicon.ts';
import { clip, dropArticle, isVague, sentenceCase, tidy, uniqueBy } from '../text.ts';

// Segment names from a list; "small agencies of 5-20 people" is named "Small agencies"
// and described "5-20 people", as the conversation example reads it back.

type Segments = ExtractionOf<'segments'>;

// Where a name ends and its description starts. "of" only before a size, so "heads of
// marketing" stays whole.
const NAME_END =
  /\s*[(:]\s*|\s+-\s+|\s+(?=(?:who|that|which|with|aged|from|in|across|after|focused|focusing|interested|seeking|looking|wanting|needing|doing|running|using|between|around|under|over)\s)|\s+of\s+(?=(?:\d|about|around|up to|between|under|over|less|more|fewer|one|two|three|four|five|ten|a few|several)\b)/i;

function segment(item: string): Segments['segments'][number] | null {
  const cleaned = tidy(item);
  if (!cleaned || isVague(cleaned)) return null;
  const cut = NAME_END.exec(cleaned);
  const name = tidy(dropArticle(cut && cut.index > 0 ? cleaned.slice(0, cut.index) : cleaned));
  const rest = cut && cut.index > 0 ? tidy(cleaned.slice(cut.index + cut[0].length).replace(/\)\s*$/, '')) : '';
  if (!name || !/\p{L}/u.test(name)) return null;
  return {
    name: clip(sentenceCase(name), 60),
    description: rest ? clip(rest, 200) : null,
    reach: first(cleaned, REACH_CUES),
  };
}

export function readSegments(text: string): Segments {
  if (isVague(text)) return { segments: [] };
  const found = splitList(text)
    .map(segment)
    .filter((s): s is Segments['segments'][number] => s !== null);
  return { segments: uniqueBy(found, (s) => s.name.toLowerCase()).slice(0, 12) };
}
