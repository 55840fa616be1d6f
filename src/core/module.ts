import type { Clock, KeyValueStore } from './ports.ts';
import type { FileReply, Reply } from './reply.ts';
import type { Session } from './session.ts';
import type { Summariser } from './summariser.ts';
import type { ConversationKey, Turn } from './turn.ts';
import type { Logger } from '../log.ts';

// How features plug into the engine without the engine knowing them: a module brings
// commands and may claim free text before the design dialog sees it (an open check-in).
// Every hook runs inside the conversation's lock.

export interface TurnContext {
  turn: Turn;
  /** conversationId(turn.key) */
  conversation: string;
  session: Session;
  /** Replace the session; the engine writes it after the turn. */
  setSession(next: Session): void;
  store: KeyValueStore;
  summariser: Summariser;
  clock: Clock;
  log: Logger;
  /** What the feature modules add to an export (check-ins), gathered from each. */
  moduleExports(format: ExportFormat): Promise<ExportPart[]>;
}

export type ExportFormat = 'md' | 'json';
/** A markdown section appended to `export md`, or a file sent beside `export json`. */
export type ExportPart = { markdown: string } | { file: FileReply };

export interface Command {
  /** Shown by `help`; usage like "checkin every <day> at <HH:MM> [zone]". */
  usage: string;
  description: string;
  /** Returns the parsed arguments when the text is this command, null otherwise. */
  match(text: string): Record<string, string> | null;
  run(ctx: TurnContext, args: Record<string, string>): Promise<Reply[]>;
}

export interface EngineModule {
  name: string;
  commands: Command[];
  /** Return replies to take the turn, or null to let the design dialog have it. */
  intercept?(ctx: TurnContext): Promise<Reply[] | null>;
  /** Its own conversation's controls (skip, back, help) while one is open; null otherwise. */
  control?(ctx: TurnContext, said: string): Promise<Reply[] | null>;
  /** Deletes what the module stored for this conversation, on `forget`. */
  forget?(ctx: TurnContext): Promise<void>;
  /** Its part of `export md` / `export json` for this conversation, if it has one. */
  exportPart?(ctx: TurnContext, format: ExportFormat): Promise<ExportPart | null>;
  /** True when the module has something going on in this conversation (an open check-in). */
  active?(conversation: string, store: KeyValueStore): Promise<boolean>;
}

export interface Engine {
  handle(turn: Turn): Promise<Reply[]>;
  /** Whether a conversation has anything going on, so adapters can ignore other chatter. */
  isActive(key: ConversationKey): Promise<boolean>;
}

/** The conversation a session follows; the design dialog is the one Rapport ships. */
export interface Dialog extends EngineModule {
  start(ctx: TurnContext): Reply[];
  answer(ctx: TurnContext, text: string): Promise<Reply[]>;
  /** The current question again, after a message that could not be used. */
  reask(ctx: TurnContext): Reply[];
  /** An earlier answer edited or deleted (turn.change): re-read or revert what it gave. */
  revise?(ctx: TurnContext): Promise<Reply[]>;
}
