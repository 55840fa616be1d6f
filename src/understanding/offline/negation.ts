// Negation scoped to the clause: "no account manager" and "we don't do a community"
// remove what follows, but "no bots, just a forum" keeps the forum.

const NEGATOR =
  /\b(?:no|not(?!\s+(?:just|only|merely|simply))|never|without|nor|neither|don't|dont|do not|doesn't|does not|didn't|did not|won't|will not|isn't|aren't|wasn't|can't|cannot|avoid|instead of|rather than|except|skip(?:ped|ping)?|dropped|stopped|pas\s+de|nada\s+de|ni|sin|sem|kein\w*|sans)\b/gi;
const BREAK = /[.,;:!?()\n]|\b(?:but|however|although|though|yet|whereas|while|instead|just|only|plus|also|then)\b/gi;
const AFTER =
  /^\W*(?:\w+\W+){0,2}?(?:is|are|was|were|do|does|did|will|would)\s*(?:not|n't)\b|^\W*(?:isn't|aren't|wasn't|won't|not (?:needed|for us|planned|yet|really)|no (?:longer|more)|didn't|did not)\b/i;

/** Is the match at [start, end) in `text` negated within its own clause? */
export function negatedAt(text: string, start: number, end = start, window = 4): boolean {
  const head = text.slice(Math.max(0, start - 80), start);
  let lastBreak = -1;
  for (const m of head.matchAll(BREAK)) lastBreak = m.index + m[0].length;
  const scope = head.slice(Math.max(0, lastBreak));
  for (const m of scope.matchAll(NEGATOR)) {
    const between = scope.slice(m.index + m[0].length).trim();
    const words = between ? between.split(/\s+/).length : 0;
    if (words <= window) return true;
  }
  const tail = text.slice(end, end + 60);
  const stop = tail.search(/[.,;!?\n]|\b(?:but|and)\b/);
  return AFTER.test(stop >= 0 ? tail.slice(0, stop) : tail);
}

export const isNegated = (text: string) => /^\W*(?:no|not|never|none|nothing|didn't|did not|don't|do not|haven't|have not|wasn't|won't)\b|\b(?:didn't|did not|not|never|wasn't|haven't|have not)\b/i.test(text);
