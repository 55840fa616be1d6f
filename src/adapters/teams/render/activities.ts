import type { Reply } from '../../../core/reply.ts';
import { adaptiveCard, answeredCard, CARD_CONTENT_TYPE, choicesCard, confirmCard, summaryCard, type AdaptiveCard } from './cards.ts';
import { renderFile } from './files.ts';
import { clip, splitText, toMessageText, toPlain } from './markdown.ts';
import { MAX_ACTIVITY_BYTES, packElements } from './files.ts';

// Replies → the message activities to send, in order. Consecutive text replies share a
// message; every card is its own message so its buttons stay next to its question.

/** A plain message activity; structurally what Bot Framework's sendActivity takes. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  /** Notification preview for card messages. */
  summary?: string;
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

const SUMMARY_MAX = 200;

export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return { type: 'message', summary: clip(toPlain(summary), SUMMARY_MAX), attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
}

export function textActivity(text: string): OutgoingActivity {
  return { type: 'message', text, textFormat: 'markdown' };
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
        const card = summaryCard(reply);
        for (const body of packElements(card.body)) out.push(cardActivity(adaptiveCard(body, [], { wide: true }), reply.title));
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

export function answeredActivity(question: string, label: string, who: string | undefined): OutgoingActivity {
  return cardActivity(answeredCard(question, label, who), `${label} chosen`);
}
