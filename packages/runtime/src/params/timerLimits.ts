import { ParamInvalidError } from '../errors.js';

/** Node timers hold at most 2^31-1 ms (about 24.8 days); a longer delay fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Largest `--timeout` and interval in seconds. */
export const MAX_TIMER_SECONDS = MAX_TIMER_MS / 1000;

/**
 * Checks a run's `timeoutMs` before anything starts: 0 or absent for no
 * timeout, otherwise 1 ms to MAX_TIMER_MS, so it can neither overflow the
 * timer (ending the run at once) nor round to "no timeout".
 */
export function checkTimeoutMs(timeoutMs: unknown): void {
  if (timeoutMs === undefined || timeoutMs === 0) return;
  if (typeof timeoutMs === 'number' && timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS) return;
  const shown = typeof timeoutMs === 'number' ? String(timeoutMs) : typeof timeoutMs;
  throw new ParamInvalidError(`invalid timeoutMs ${shown}: expected 0 (no timeout) or milliseconds from 1 to ${MAX_TIMER_MS}`);
}
