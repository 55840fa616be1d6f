import type { CardReply, ChoicesReply, ConfirmReply } from '../../../core/reply.ts';
import { choiceData, multiData, PICK_INPUT } from '../submit.ts';
import type { CardElement } from './card-element.ts';
import { compactElements } from './compact.ts';
import { clip, toCardText, toPlain } from './markdown.ts';

// Adaptive Cards, schema 1.5 (what Teams renders). Buttons are Action.Submit: Teams
// delivers them as a message with `value` and no text, in the same conversation.

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_VERSION = '1.5';
/** Teams shows at most six card-level buttons; more options become a choice set. */
export const MAX_BUTTONS = 5;

export type { CardElement };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export function adaptiveCard(body: CardElement[], actions: CardElement[] = [], opts: { wide?: boolean } = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    ...(opts.wide ? { msteams: { width: 'Full' as const } } : {}),
  };
}

export const textBlock = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text: toCardText(text), wrap: true, ...extra });

const submit = (title: string, data: unknown, style?: 'positive' | 'destructive'): CardElement => ({
  type: 'Action.Submit',
  title: clip(title, 80),
  data,
  ...(style ? { style } : {}),
});

export function choicesCard(reply: ChoicesReply): AdaptiveCard {
  const question = textBlock(reply.text);
  const q = toPlain(reply.text);
  if (!reply.multi && reply.options.length <= MAX_BUTTONS) {
    return adaptiveCard([question], reply.options.map((o) => submit(o.label, choiceData(o.value, o.label, q, reply.question))));
  }
  // Several picks, or too many options for buttons: a choice set whose values are indices,
  // so option values with commas survive the round trip.
  const set: CardElement = {
    type: 'Input.ChoiceSet',
    id: PICK_INPUT,
    style: 'expanded',
    isMultiSelect: Boolean(reply.multi),
    choices: reply.options.map((o, i) => ({ title: o.label, value: String(i) })),
  };
  const data = multiData(reply.options.map((o) => o.value), reply.options.map((o) => o.label), q, reply.question);
  return adaptiveCard([question, set], [submit(reply.multi ? 'Send my picks' : 'Send', data, 'positive')]);
}

export function confirmCard(reply: ConfirmReply): AdaptiveCard {
  const q = toPlain(reply.text);
  return adaptiveCard(
    [textBlock(reply.text)],
    [submit(reply.confirm.label, choiceData(reply.confirm.value, reply.confirm.label, q, reply.question), 'destructive'), submit(reply.cancel.label, choiceData(reply.cancel.value, reply.cancel.label, q, reply.question))],
  );
}

export function summaryCard(reply: CardReply): AdaptiveCard {
  if (reply.compact) return adaptiveCard(compactElements(reply), [], { wide: true });
  const body: CardElement[] = [textBlock(reply.title, { size: 'Large', weight: 'Bolder' })];
  for (const section of reply.sections) {
    body.push(textBlock(section.heading, { size: 'Medium', weight: 'Bolder', separator: true, spacing: 'Medium' }));
    for (const line of section.lines) body.push(textBlock(line, { spacing: 'Small' }));
    for (const note of section.notes) {
      const warning = note.severity === 'warning';
      body.push(textBlock(`${warning ? '⚠️' : 'ℹ️'} ${note.text}`, { spacing: 'Small', color: warning ? 'Warning' : 'Default', isSubtle: !warning }));
    }
  }
  if (reply.footer) body.push(textBlock(reply.footer, { size: 'Small', isSubtle: true, separator: true }));
  return adaptiveCard(body, [], { wide: true });
}

/** What a pressed card becomes: the question, and who chose what, without buttons. */
/** The pressed card once its question was no longer open: the question, and why nothing changed. */
export function refusedCard(question: string, note: string): AdaptiveCard {
  return adaptiveCard([textBlock(question || 'Not used', { isSubtle: true }), textBlock(`ℹ️ ${note}`, { spacing: 'Small' })]);
}

export function answeredCard(question: string, label: string, who: string | undefined): AdaptiveCard {
  return adaptiveCard([
    textBlock(question || 'Answered', { isSubtle: true }),
    textBlock(`✓ ${who ? `${who} chose` : 'Chosen:'} **${label}**`, { color: 'Good', spacing: 'Small' }),
  ]);
}
