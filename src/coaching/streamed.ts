import type { TextReply } from '../core/reply.ts';
import type { AdviceRequest, Summariser } from '../core/summariser.ts';

// A coach answer to stream where the platform can show text as it is written. The core
// stays platform-free: the reply carries the deltas and the checked final text, and the
// offline answer in `text` for when the model fails.

/** The streamed reply, or null when the summariser cannot stream or will not call the model now. */
export function streamedAdvice(summariser: Summariser, request: AdviceRequest, offline: string): TextReply | null {
  const stream = summariser.adviseStream?.(request) ?? null;
  if (!stream) return null;
  return {
    kind: 'text',
    text: offline,
    tone: 'normal',
    rate: 'coach',
    ai: true,
    stream: { deltas: stream.deltas, final: stream.done.then((advice) => advice?.text ?? null), usage: stream.done.then((advice) => advice?.usage) },
  };
}
