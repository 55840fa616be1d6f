import type { ExtractionOf } from '../../../core/extraction.ts';
import { first, type Cue } from '../match.ts';
import { clip, firstSentence, hasWords, tidy } from '../text.ts';

// The business in one line, kept as the team wrote it, plus the two-sided hint.

const TWO_SIDED: readonly Cue<boolean>[] = [
  [false, String.raw`one[- ]sided|single[- ]sided|not\s+(?:a\s+)?(?:marketplace|platform|two[- ]sided)`],
  [true, String.raw`two[- ]sided|multi[- ]sided|(?:online\s+)?marketplaces?|market\s+place|both\s+sides|(?:buyers|sellers|hosts|guests|drivers|riders|freelancers|clients|brands|creators|advertisers|tutors|students|landlords|tenants|vendors|suppliers|patients|doctors)\s+(?:and|&|with|to)\s+(?:buyers|sellers|hosts|guests|drivers|riders|freelancers|clients|brands|creators|advertisers|tutors|students|landlords|tenants|vendors|suppliers|patients|doctors)|platform\s+(?:that\s+)?(?:connect(?:s|ing)?|match(?:es|ing)?|link(?:s|ing)?)|connect(?:s|ing)?\s+\w+(?:\s+\w+)?\s+(?:with|and|to)\s+\w+|match(?:es|ing)?\s+\w+(?:\s+\w+)?\s+with\s+\w+|ad[- ]?(?:supported|platform|network)|advertisers?\s+pay`],
];

export function readBusiness(text: string): ExtractionOf<'business'> {
  if (!hasWords(text)) return { description: null, twoSided: null };
  const line = tidy(firstSentence(text));
  const description = line && hasWords(line) ? clip(line, 240) : null;
  return { description, twoSided: first(text, TWO_SIDED) };
}
