import type { AdviceRequest, ExtractionContext, ExtractionRequest } from '../../core/summariser.ts';

// Everything the team wrote reaches the model inside a fence, as data. The fences are ours
// alone: any look-alike in the text (with attributes, entities, zero-width or full-width
// characters) is removed before it is sent.

const FENCES = ['answer', 'question', 'context', 'design'] as const;

const QUESTION_CAP = 1000;
const LINE_CAP = 500;
const TACTIC_CAP = 200;
const TACTICS_MAX = 20;
const DESIGN_CAP = 12_000;

// Invisible format characters (zero-width space/joiners, BOM, soft hyphen, bidi controls).
const INVISIBLE = /[\p{Cf}]/gu;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|sol|lsol|bsol|quot|apos|amp));?/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', sol: '/', lsol: '/', bsol: '\\', quot: '"', apos: "'", amp: '&' };
const TAG = new RegExp(String.raw`<\s*\/?\s*(?:${FENCES.join('|')})\b[^<>]*>`, 'giu');

function decodeEntities(s: string): string {
  // Repeated, so "&amp;lt;" cannot smuggle a tag through one decoding pass.
  for (let i = 0; i < 3; i++) {
    const next = s.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (name) return NAMED[name.toLowerCase()] ?? m;
      const code = Number.parseInt(dec ?? hex ?? '', dec ? 10 : 16);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
    if (next === s) break;
    s = next;
  }
  return s;
}

/**
 * The text with every fence-like tag gone. Normalised first (NFKC folds full-width "＜",
 * invisible characters dropped, entities decoded) so a disguised tag is seen as one.
 */
export function stripTags(text: string): string {
  let s = decodeEntities(text.normalize('NFKC').replace(INVISIBLE, '')).normalize('NFKC').replace(INVISIBLE, '');
  // Until nothing changes: removing "<ans<answer>wer>"'s inner tag must not leave an outer one.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(TAG, '');
  }
  return s.trim();
}

export const oneLine = (s: string) => stripTags(s).replace(/\s+/g, ' ');
export const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

const STAGE_WORDS: Record<string, string> = { acquisition: 'win', retention: 'keep', growth: 'grow' };

/** Context lines from the team's earlier answers: user text, so fenced like the answer. */
export function contextLines(context: ExtractionContext): string[] {
  const lines: string[] = [];
  if (context.business) lines.push(`Business: ${cap(oneLine(context.business), LINE_CAP)}`);
  if (context.segment) lines.push(`Segment: ${cap(oneLine(context.segment), LINE_CAP)}`);
  const tactics = (context.plannedTactics ?? []).map((t) => cap(oneLine(t), TACTIC_CAP)).filter(Boolean);
  if (tactics.length) lines.push(`Planned retention tactics: ${tactics.slice(0, TACTICS_MAX).join('; ')}`);
  const stages = (context.stages ?? []).filter((s) => s in STAGE_WORDS).map((s) => STAGE_WORDS[s]);
  if (stages.length) lines.push(`The question asked only how they will ${stages.join(', ')} customers`);
  return lines;
}

/** The one user message: context, question and answer, each fenced as the team's data. */
export function buildUserMessage(request: ExtractionRequest, maxAnswerChars = 4000): string {
  const parts: string[] = [];
  const context = contextLines(request.context);
  if (context.length) parts.push('<context>', ...context, '</context>');
  parts.push('<question>', cap(stripTags(request.question), QUESTION_CAP), '</question>');
  let answer = stripTags(request.answer);
  if (answer.length > maxAnswerChars) answer = `${answer.slice(0, maxAnswerChars)}\n[answer cut here]`;
  parts.push('<answer>', answer, '</answer>');
  return parts.join('\n');
}

/** The design and the question, both fenced as the team's data. */
export function buildAdviceMessage(request: AdviceRequest): string {
  const design = JSON.stringify({ ...request.design, updatedAt: undefined });
  return [
    '<context>',
    request.segment ? `The conversation is on the segment: ${cap(oneLine(request.segment), LINE_CAP)}` : 'The conversation is not on one segment.',
    '</context>',
    '<design>',
    cap(stripTags(design), DESIGN_CAP),
    '</design>',
    '<question>',
    cap(stripTags(request.question), QUESTION_CAP),
    '</question>',
  ].join('\n');
}
