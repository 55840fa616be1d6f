import type { CardReply, Reply } from '../../../core/reply.ts';
import { adaptiveCard, answeredCard, refusedCard, CARD_CONTENT_TYPE, choicesCard, confirmCard, summaryCard, type AdaptiveCard } from './cards.ts';
import { renderFile } from './files.ts';
import { clip, splitText, toMessageText, toPlain } from './markdown.ts';
import { MAX_ACTIVITY_BYTES, packElements } from './files.ts';

// Replies → the message activities to send, in order. Consecutive text replies share a
// message; every card is its own message so its buttons stay next to its question.

/** A plain message activity; structurally what Bot Framework's sendActivity takes. */
export interface OutgoingActivity {
  type: 'message' | 'typing';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  /** Notification preview for card messages. */
  summary?: string;
  /** The AI-generated label (a schema.org Message entity) on text an LLM wrote. */
  entities?: { type: string; [field: string]: unknown }[];
  /** feedbackLoopEnabled: Teams shows thumbs and sends a message/submitAction invoke. */
  channelData?: Record<string, unknown>;
  /** Not sent: what a thumbs press on this message rates (finding codes, or "coach"). */
  rated?: string[];
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

const SUMMARY_MAX = 200;

export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return { type: 'message', summary: clip(toPlain(summary), SUMMARY_MAX), attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
}

export function textActivity(text: string): OutgoingActivity {
  return { type: 'message', text, textFormat: 'markdown' };
}

/** Teams' documented marker for AI-written messages; it draws the "AI generated" label. */
export const AI_GENERATED_ENTITY = {
  type: 'https://schema.org/Message',
  '@type': 'Message',
  '@context': 'https://schema.org',
  '@id': '',
  additionalType: ['AIGeneratedContent'],
};

/** A coach answer on its own message, so its label and thumbs belong to it alone. */
function coachActivities(text: string, o: { ai?: boolean; rate?: string }): OutgoingActivity[] {
  return splitText(text, MAX_ACTIVITY_BYTES).map((part) => ({
    ...textActivity(part),
    ...(o.ai ? { entities: [AI_GENERATED_ENTITY] } : {}),
    ...(o.rate ? rateable([o.rate]) : {}),
  }));
}

const rateable = (codes: string[]) => ({ channelData: { feedbackLoopEnabled: true }, rated: codes });

/** A summary's findings are rated together: the thumbs go on its last card. */
function summaryActivities(reply: CardReply): OutgoingActivity[] {
  const parts = packElements(summaryCard(reply).body).map((body) => ({
    ...cardActivity(adaptiveCard(body, [], { wide: true }), reply.title),
    ...(reply.ai ? { entities: [AI_GENERATED_ENTITY] } : {}),
  }));
  const codes = [...new Set(reply.sections.flatMap((s) => s.notes.flatMap((n) => (n.code ? [n.code] : []))))];
  const last = parts.at(-1);
  if (last && codes.length) Object.assign(last, rateable(codes));
  return parts;
}

export function renderReplies(replies: Reply[]): OutgoingActivity[] {
  const out: OutgoingActivity[] = [];
  let texts: string[] = [];
  const flush = () => {
    if (texts.length) for (const part of splitText(texts.join('\n\n'), MAX_ACTIVITY_BYTES)) out.push(textActivity(part));
    texts = [];
  };
  for (const reply of replies) {
    switch (reply.kind) {
      case 'text':
        if (reply.ai || reply.rate) {
          flush();
          out.push(...coachActivities(toMessageText(reply.text), reply));
          break;
        }
        texts.push(toMessageText(reply.tone === 'error' ? `⚠️ ${reply.text}` : reply.text));
        break;
      case 'choices':
        flush();
        out.push(cardActivity(choicesCard(reply), reply.text));
        break;
      case 'confirm':
        flush();
        out.push(cardActivity(confirmCard(reply), reply.text));
        break;
      case 'card': {
        flush();
        // A long design (many segments, or a script with 3-byte characters) goes out in several cards.
        out.push(...summaryActivities(reply));
        break;
      }
      case 'file':
        flush();
        for (const part of renderFile(reply)) out.push(part.kind === 'card' ? cardActivity(part.card, reply.title) : textActivity(part.text));
        break;
    }
  }
  flush();
  return out;
}

export function refusedActivity(question: string, note: string): OutgoingActivity {
  return cardActivity(refusedCard(question, note), note);
}

export function answeredActivity(question: string, label: string, who: string | undefined): OutgoingActivity {
  return cardActivity(answeredCard(question, label, who), `${label} chosen`);
}
