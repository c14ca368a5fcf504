import { LOSS_REASONS, LOSS_REASON_NAMES, LOSS_WHERE, type LossReason, type LossWhere } from '@gadgetry/errors';

/**
 * Events lost on the way: every one is counted once under its reason (see
 * LOSS_REASONS in @gadgetry/errors), and under where that reason loses them:
 * - kernel: reported by the gadget, dropped before reaching user space (its
 *   ring buffer or table of calls in flight was full, reading was paused);
 * - queue: dropped by the runtime, the async iterator's queue at its cap;
 * - output: dropped by an output that could not keep up (the CLI's summary
 *   counts its own; a run by itself has none);
 * - discarded: delivered after the run had failed, or waiting for an output
 *   that failed (not warned about: the run's error says what happened).
 */
export interface LostEvents extends Record<LossWhere, number> {
  /** Every lost event. */
  total: number;
  /** The same events by reason. */
  byReason: Record<LossReason, number>;
}

export function noLostEvents(): LostEvents {
  const byWhere = Object.fromEntries(LOSS_WHERE.map((where) => [where, 0])) as Record<LossWhere, number>;
  const byReason = Object.fromEntries(LOSS_REASON_NAMES.map((reason) => [reason, 0])) as Record<LossReason, number>;
  return { total: 0, ...byWhere, byReason };
}

/** Adds `count` events lost for `reason` to `lost`, in place. */
export function addLostEvents(lost: LostEvents, reason: LossReason, count: number): void {
  lost.total += count;
  lost[LOSS_REASONS[reason].where] += count;
  lost.byReason[reason] += count;
}

export function copyLostEvents(lost: LostEvents): LostEvents {
  return { ...lost, byReason: { ...lost.byReason } };
}
