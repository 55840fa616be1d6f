// What Rapport's card buttons carry, and reading it back. One file so the card that
// writes the data and the parser that reads it cannot drift apart.

/** Id of the Input.ChoiceSet of a multi-choice card; Teams merges its value into the data. */
export const PICK_INPUT = 'rapportPick';
const MAX_QUESTION = 400;

export type SubmitData =
  /** One button: the option's value and label. */
  | { rapport: 'choice'; value: string; label: string; q: string; qid?: string }
  /** A multi-choice card: the options in order; the choice set sends back their indices. */
  | { rapport: 'multi'; values: string[]; labels: string[]; q: string; qid?: string };

/** qid: the id of the question the card asks (ChoicesReply.question), sent back to the engine. */
export const choiceData = (value: string, label: string, question: string, qid?: string): SubmitData => ({ rapport: 'choice', value, label, q: clipQuestion(question), ...(qid ? { qid } : {}) });

export const multiData = (values: string[], labels: string[], question: string, qid?: string): SubmitData => ({ rapport: 'multi', values, labels, q: clipQuestion(question), ...(qid ? { qid } : {}) });

function clipQuestion(q: string): string {
  return q.length > MAX_QUESTION ? `${q.slice(0, MAX_QUESTION - 1)}…` : q;
}

export type Submitted =
  | { ok: true; text: string; value: string; question: string; questionId?: string }
  | { ok: false; reason: string; message: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

const STALE = "That button isn't one I can read (maybe from an older card). Please type your answer instead.";

/** Reads a card submit's data (Action.Submit value, or Action.Execute action.data). */
export function readSubmit(data: unknown): Submitted {
  if (!isObj(data)) return { ok: false, reason: 'submit without data', message: STALE };
  const q = typeof data.q === 'string' ? data.q : '';
  const qid = typeof data.qid === 'string' && data.qid ? { questionId: data.qid } : {};
  if (data.rapport === 'choice') {
    if (typeof data.value !== 'string' || !data.value.trim()) return { ok: false, reason: 'choice without value', message: STALE };
    const label = typeof data.label === 'string' && data.label ? data.label : data.value;
    return { ok: true, text: label, value: data.value, question: q, ...qid };
  }
  if (data.rapport === 'multi') {
    const { values, labels } = data;
    if (!strings(values) || !strings(labels) || values.length !== labels.length || values.length === 0) {
      return { ok: false, reason: 'multi without options', message: STALE };
    }
    const raw = data[PICK_INPUT];
    const picked = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const indices = [...new Set(picked.map(Number))].filter((i) => Number.isInteger(i) && i >= 0 && i < values.length).sort((a, b) => a - b);
    if (indices.length === 0) {
      return { ok: false, reason: 'multi with nothing picked', message: 'Pick at least one option before pressing the button, or type your answer.' };
    }
    return {
      ok: true,
      text: indices.map((i) => labels[i]).join(', '),
      value: indices.map((i) => values[i]).join(', '),
      question: q,
      ...qid,
    };
  }
  return { ok: false, reason: 'submit data not from Rapport', message: STALE };
}
