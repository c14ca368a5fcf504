/** enum signal_result of trace_signal.h, by value. */
const RESULTS = ['delivered', 'ignored', 'pending', 'overflow', 'lost_info', 'failed'] as const;

/**
 * What became of a signal, in a word: the kernel's TRACE_SIGNAL_* results as
 * signal_generate reports them, and `failed` for a send that failed before
 * any signal. A value this gadget does not know (a newer kernel) shows as its number.
 */
export function signalResult(code: number): string {
  return RESULTS[code] ?? String(code);
}
