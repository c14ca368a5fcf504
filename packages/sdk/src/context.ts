/** Where a gadget reports what it is doing; the runtime decides where it goes. */
export interface GadgetLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the runtime hands a gadget in `init()`. */
export interface GadgetContext<P = Record<string, unknown>> {
  /** Unique id of this run. */
  id: string;
  /** Name of the gadget being run. */
  gadgetName: string;
  /** Aborted when the run must end (timeout, Ctrl-C, caller's signal, failure). */
  signal: AbortSignal;
  /** Validated params, with defaults applied. */
  params: P;
  logger: GadgetLogger;
  /** Run timeout in milliseconds, or 0 when the run is unbounded. */
  timeoutMs: number;
  /**
   * Also report the runtime's own process. By default gadgets leave it out in
   * the kernel, so the runtime's work (enrichers reading /proc, its own opens)
   * does not show up in what it traces.
   */
  traceSelf?: boolean;
}
