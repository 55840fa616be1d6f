import type { CardReply } from '../../../core/reply.ts';
import type { CardElement } from './card-element.ts';
import { clip, toCardText } from './markdown.ts';

// A compact card (the cohort view) as Adaptive Card elements: per item a container with
// its heading and a FactSet of its "Label: value" lines. One element per item, so a long
// cohort is split between items, never inside one.

const text = (t: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text: toCardText(t), wrap: true, ...extra });

/** "Label: value" → a fact; a line without a label becomes a fact with an empty title. */
export function factOf(line: string): { title: string; value: string } {
  const m = /^([^:]{1,40}):\s+([\s\S]+)$/.exec(line);
  return m ? { title: toCardText(m[1]!), value: toCardText(clip(m[2]!, 1000)) } : { title: '', value: toCardText(clip(line, 1000)) };
}

export function compactElements(reply: CardReply): CardElement[] {
  const body: CardElement[] = [text(reply.title, { size: 'Large', weight: 'Bolder' })];
  for (const s of reply.sections) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        text(s.heading, { weight: 'Bolder' }),
        ...(s.lines.length ? [{ type: 'FactSet', facts: s.lines.map(factOf) }] : []),
        ...s.notes.map((n) => text(`${n.severity === 'warning' ? '⚠️' : 'ℹ️'} ${n.text}`, { spacing: 'Small', isSubtle: n.severity !== 'warning' })),
      ],
    });
  }
  if (reply.footer) body.push(text(reply.footer, { size: 'Small', isSubtle: true, separator: true }));
  return body;
}
