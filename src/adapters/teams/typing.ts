// Teams drops "typing…" after a few seconds or at the bot's next message, so while the
// engine works (a slow LLM call) the indicator is sent again until the answer is ready.

export const TYPING_EVERY_MS = 2500;

export async function whileTyping<T>(send: () => Promise<void>, work: () => Promise<T>, everyMs = TYPING_EVERY_MS): Promise<T> {
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = send().catch(() => undefined);
  }, everyMs);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    // A typing still on its way must not land after the answer.
    await inFlight;
  }
}
