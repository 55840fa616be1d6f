// Answers that are no answer to any step: pushing back on the question, putting it off,
// asking the bot to do it, or a message meant for somewhere else. Read sentence by
// sentence: an answer is set aside only when every sentence in it is of this kind, so
// "we sell glue, you tell me who buys it" keeps its glue.

const PUSHBACK = [
  // "why do you need to know this", "why does it matter what others do"
  String.raw`why\s+(?:do|does|would|should)\s+(?:you|it|that|this|any\s+of\s+this)\s+(?:even\s+)?(?:need|matter|care|want)`,
  String.raw`what\s+does\s+it\s+matter|does\s+(?:it|that)\s+(?:even\s+)?matter|who\s+cares`,
  // "just give me the template", "isn't that what you're supposed to tell me"
  String.raw`(?:just\s+)?give\s+me\s+(?:the|a|your)\s+(?:template|answer|canvas|result|doc)`,
  String.raw`(?:isn'?t|is\s+not)\s+that\s+(?:what\s+)?(?:you(?:'re|\s+are)?|your\s+job)|(?:supposed|meant)\s+to\s+tell\s+me|you\s+tell\s+me\s*$`,
  // "sorry wrong thread", "that was meant for #marketing"
  String.raw`wrong\s+(?:thread|chat|channel|window|person|convo|conversation|dm)|(?:was\s+)?meant\s+for\s+(?:#|@|another|the\s+other|my)`,
  // "not now, we'll map it next week"
  String.raw`(?:not\s+now|not\s+today|later|another\s+time)\b(?:[\s,.;-]+(?:we'?ll|i'?ll|we\s+will|i\s+will|let'?s)\s+.*\b(?:next|later|tomorrow|after|soon|monday|tuesday|wednesday|thursday|friday)\b.*)?$`,
  String.raw`(?:we'?ll|i'?ll|we\s+will|i\s+will|let'?s|gonna)\s+(?:(?:\p{L}+|w\/)\s+){0,2}?(?:map|think|figure|work\s+out|answer|get\s+back|come\s+back|do\s+(?:this|that|it)|fill|sort|look\s+at)\b.*\b(?:next\s+(?:week|month|time)|later|tomorrow|another\s+time|soon)\b`,
  String.raw`(?:dunno|idk|no\s+idea|sorry|lol|haha+|ok|hmm+)$`,
  String.raw`por\s+qu[ée]\s+(?:necesitas|importa)|pourquoi\s+(?:tu\s+as\s+besoin|[çc]a\s+compte)|warum\s+(?:musst|willst)\s+du|por\s+que\s+(?:voc[êe]\s+precisa|importa)|falscher\s+(?:chat|kanal)|mauvais\s+(?:fil|canal)|hilo\s+equivocado|conversa\s+errada`,
].join('|');

// The pushback opens its sentence, after at most a filler or two: "sorry wrong thread lol".
const OPENER = String.raw`^(?:(?:ok(?:ay)?|so|well|hmm+|honestly|tbh|lol|sorry|oops|but|and|just|that|this|it|uh+|um+)[\s,!.]+){0,3}`;
const SENTENCE_IS_PUSHBACK = new RegExp(`${OPENER}(?:${PUSHBACK})`, 'iu');

export function isNonAnswer(text: string): boolean {
  const sentences = text
    .split(/(?<=[.!?…])\s+|[.!?…]+|,\s+(?=(?:isn'?t|is\s+not|that|just|we'?ll|i'?ll|you)\b)|\n+/iu)
    .map((s) => s.replace(/[\p{Extended_Pictographic}\u200d\ufe0f]/gu, ' ').replace(/^[\s,;:-]+|[\s,;:?!.-]+$/g, '').trim())
    .filter((s) => /\p{L}/u.test(s));
  if (!sentences.length || sentences.join(' ').split(/\s+/).length > 30) return false;
  return sentences.every((s) => SENTENCE_IS_PUSHBACK.test(s));
}
