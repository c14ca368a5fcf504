import { ShapeError } from './ShapeError.js';

/** Node timers hold at most 2^31-1 ms; a longer delay fires after 1 ms instead. */
export const MAX_INTERVAL_MS = 2 ** 31 - 1;

/** The interval in ms, or a refusal: an overflowing timer would print a table every millisecond. */
export function intervalMs(seconds: number): number {
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || ms < 1 || ms > MAX_INTERVAL_MS) {
    throw new ShapeError('PARAM_INVALID', `invalid interval of ${String(seconds).slice(0, 40)} seconds: expected 0.001 to ${MAX_INTERVAL_MS / 1000}`);
  }
  return ms;
}
