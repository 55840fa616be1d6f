/** One Adaptive Card element or action, as JSON. */
export type CardElement = Record<string, unknown>;
