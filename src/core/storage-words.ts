// What a person is told when storage let a message down: one wording for the engine and
// for the adapters, which meet the same failures before a turn reaches the engine.

export const STORE_DOWN_TEXT = "I can't reach my storage right now, so nothing from that message was saved. Please send it again in a minute.";
export const TURN_FAILED_TEXT = 'Something went wrong on my side, so nothing from that message was saved. Please send it again.';
/** A message taken over from a replica that died after saving it: the person never saw a reply. */
export const TAKEN_OVER_SAVED_TEXT = 'I have that one saved already; sorry for the wait.';
