/**
 * Where on the way to the user events were lost: before they reached the
 * runtime (in the kernel, or in the gadget), in the runtime's own queue, at
 * the output, or discarded because the run had failed.
 */
export const LOSS_WHERE = ['kernel', 'queue', 'output', 'discarded'] as const;
export type LossWhere = (typeof LOSS_WHERE)[number];

export interface LossReasonInfo {
  where: LossWhere;
  /** The words of the warning line (`N events lost: <summary>`) when the reporter gives none of its own. */
  summary: string;
  /** What the user does about it. */
  fix: string;
}

/**
 * Why events were lost: every lost event is counted under one of these, in
 * the run's `lost` reports, its stats and the CLI's summary line.
 */
export const LOSS_REASONS = {
  ring_full: { where: 'kernel',
    summary: 'the ring buffer was full',
    fix: 'Raise the gadget\'s buffer size (e.g. --buffer-kb), or trace less (a pid or container filter, --failed).' },
  pending_full: { where: 'kernel',
    summary: 'too many calls in flight (pending table full)',
    fix: 'Raise the gadget\'s table of calls in flight (e.g. --max-in-flight).' },
  socket_full: { where: 'kernel',
    summary: 'the packet socket\'s receive buffer was full',
    fix: 'Raise the gadget\'s socket buffer (e.g. --socket-buffer-kb), or trace less.' },
  programs_skipped: { where: 'kernel',
    summary: 'the kernel skipped the gadget\'s programs while another BPF program or BPF call ran on that CPU (each skip may have been an event)',
    fix: 'Run fewer BPF tools at once on this host; the kernel does not run a tracing program inside another.' },
  paused: { where: 'kernel',
    summary: 'the ring buffer was full while reading was paused (the output could not keep up)',
    fix: 'Read the output faster (write it to a file, not a slow terminal or pipe), or trace less.' },
  gadget_lost: { where: 'kernel',
    summary: 'the gadget could not deliver them',
    fix: 'The gadget\'s warning says why; see its documentation.' },
  queue_full: { where: 'queue',
    summary: 'the async iterator fell too far behind',
    fix: 'Consume the run\'s iterator faster, or listen to its events instead.' },
  reader_behind: { where: 'queue',
    summary: 'this attached reader fell behind the headless run (the run and other readers went on)',
    fix: 'Read the output faster (write it to a file, not a slow terminal), or attach with fewer fields; the run itself lost nothing.' },
  client_behind: { where: 'queue',
    summary: 'the remote client did not read fast enough (the agent dropped them from its queue for this client)',
    fix: 'Read the output faster (write it to a file, not a slow terminal), use a faster network to the agent, or trace less.' },
  output_behind: { where: 'output',
    summary: 'the output could not keep up (stdout was not read fast enough)',
    fix: 'Read the output faster (write it to a file, not a slow terminal or pipe), or trace less.' },
  discarded: { where: 'discarded',
    summary: 'discarded after the run failed',
    fix: 'Fix the error the run ended with; these events came after it.' },
} as const satisfies Record<string, LossReasonInfo>;

export type LossReason = keyof typeof LOSS_REASONS;

/** Every reason, in the order of the list. */
export const LOSS_REASON_NAMES = Object.keys(LOSS_REASONS) as LossReason[];

export function isLossReason(reason: unknown): reason is LossReason {
  return typeof reason === 'string' && Object.hasOwn(LOSS_REASONS, reason);
}
