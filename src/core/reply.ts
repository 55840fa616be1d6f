import type { Severity } from './design.ts';
import type { Usage } from './summariser.ts';

// Platform-neutral replies. Text uses a small markdown subset that every renderer
// understands: **bold**, _italic_, `code`, and "- " bullets at a line start.

export interface Option {
  label: string;
  /** Sent back as the turn's choice value when pressed. */
  value: string;
}

export interface TextReply {
  kind: 'text';
  text: string;
  tone?: 'normal' | 'notice' | 'error';
  /** A press refused because its question is no longer open: adapters show it on the pressed card. */
  refused?: boolean;
  /** Written by the coach (often an LLM): people may rate it, filed under this code ("coach"). */
  rate?: string;
  /** An LLM wrote this text: platforms that can label AI-generated content do (Teams). */
  ai?: boolean;
  /**
   * Only on turns with `streams` set: the LLM answer as it is written. Show the deltas, then
   * the checked final text; when final is null, `text` (the offline answer) is the reply.
   */
  stream?: {
    deltas: AsyncIterable<string>;
    final: Promise<string | null>;
    /** The call's tokens, known once the stream ends (after the turn was saved). */
    usage?: Promise<Usage | undefined>;
  };
}

/** A question with buttons; multi means several may be picked (values joined by ", "). */
export interface ChoicesReply {
  kind: 'choices';
  text: string;
  options: Option[];
  multi?: boolean;
  /** Id of the question these buttons answer; a press carries it back (Turn.choice.question). */
  question?: string;
}

export interface CardNote {
  severity: Severity;
  text: string;
  /** The finding's code, so people can rate the finding where the platform offers it. */
  code?: string;
}

export interface CardSection {
  heading: string;
  lines: string[];
  notes: CardNote[];
}

/** A summary card: the design summary, a check-in's feedback, the cohort view. */
export interface CardReply {
  kind: 'card';
  title: string;
  sections: CardSection[];
  footer?: string;
  /** Short "Label: value" lines, shown side by side where the platform can (Slack fields, a Teams FactSet). */
  compact?: boolean;
  /** Some of its text was written by an LLM (a check-in's suggestion): labelled where the platform can. */
  ai?: boolean;
}

export interface FileReply {
  kind: 'file';
  filename: string;
  mimeType: string;
  title: string;
  /** Text for md/json, base64 for binary content such as a PNG chart. */
  content: string;
  encoding: 'utf8' | 'base64';
  /** For pictures: what a screen reader says instead (Slack alt_text, Teams altText). */
  alt?: string;
}

/** A yes/no question guarding something that cannot be undone. */
export interface ConfirmReply {
  kind: 'confirm';
  text: string;
  confirm: Option;
  cancel: Option;
  /** As for ChoicesReply. */
  question?: string;
}

export type Reply = TextReply | ChoicesReply | CardReply | FileReply | ConfirmReply;

export const text = (body: string, tone: TextReply['tone'] = 'normal'): TextReply => ({ kind: 'text', text: body, tone });

const MENTION = /@\{([^|}\n]*)\|([^}\n]*)\}/g;
const tokenSafe = (s: string) => s.replace(/[|}\n]/g, ' ');

/** A person inside reply text; each renderer shows it its own way (a Slack mention, a name). */
export function mention(author: { id: string; name?: string }): string {
  return `@{${tokenSafe(author.id)}|${tokenSafe(author.name ?? '')}}`;
}

export function replaceMentions(body: string, show: (id: string, name: string | null) => string): string {
  return body.replace(MENTION, (_m, id: string, name: string) => show(id, name.trim() || null));
}

/** For renderers without mentions: the name when known, else the id. */
export const mentionsAsNames = (body: string) => replaceMentions(body, (id, name) => name ?? id);
