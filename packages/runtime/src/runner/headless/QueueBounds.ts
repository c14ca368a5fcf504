/** How much a queue of run messages may hold: both bounds apply. */
export interface QueueBounds {
  messages: number;
  bytes: number;
}

/** What attach shows of a run's past: its last 1,000 messages, at most 8 MiB of them. */
export const BACKLOG_BOUNDS: QueueBounds = { messages: 1000, bytes: 8 << 20 };
/** What one attached reader may fall behind by before it loses messages: 512 messages, 4 MiB. */
export const READER_BOUNDS: QueueBounds = { messages: 512, bytes: 4 << 20 };

/** Bounds from options, each at least 1. */
export function boundsOf(given: Partial<QueueBounds> | undefined, defaults: QueueBounds): QueueBounds {
  const pick = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : d);
  return { messages: pick(given?.messages, defaults.messages), bytes: pick(given?.bytes, defaults.bytes) };
}
