// Teams drops "typing…" after a few seconds or at the bot's next message, so while the
// engine works (a slow LLM call) the indicator is sent again until the answer is ready.

export const TYPING_EVERY_MS = 2500;

/** Until the first proactive typing of a turn that may well get no reply (teammates talking). */
export const QUIET_TYPING_AFTER_MS = 700;

export async function whileTyping<T>(send: () => Promise<void>, work: () => Promise<T>, everyMs = TYPING_EVERY_MS, firstMs = everyMs): Promise<T> {
  let inFlight: Promise<void> = Promise.resolve();
  const beat = () => {
    inFlight = send().catch(() => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    beat();
    timer = setInterval(beat, everyMs);
    timer.unref();
  }, firstMs);
  first.unref();
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(timer);
    // A typing still on its way must not land after the answer.
    await inFlight;
  }
}
