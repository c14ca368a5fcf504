import type { EventFlow } from '@gadgetry/sdk';

/**
 * The pause state of a run's event flow: paused while any consumer (the CLI's
 * output, the async iterator, a caller's pause()) holds it. The gadget learns
 * of changes through the SDK's EventFlow.onChange and stops reading from the
 * kernel while paused.
 */
export class FlowControl implements Pick<EventFlow, 'paused' | 'onChange'> {
  readonly #holders = new Set<string>();
  readonly #listeners = new Set<(paused: boolean) => void>();
  readonly #onListenerError: (err: unknown) => void;

  /** `onListenerError`: a listener (the gadget pausing its reader) threw. */
  constructor(onListenerError: (err: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  get paused(): boolean {
    return this.#holders.size > 0;
  }

  /** `who` is behind: pause until every holder has released. */
  hold(who: string): void {
    if (this.#holders.has(who)) return;
    this.#holders.add(who);
    if (this.#holders.size === 1) this.#notify(true);
  }

  /** `who` caught up. */
  release(who: string): void {
    if (!this.#holders.delete(who)) return;
    if (this.#holders.size === 0) this.#notify(false);
  }

  onChange(listener: (paused: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #notify(paused: boolean): void {
    for (const l of [...this.#listeners]) {
      try {
        l(paused);
      } catch (err) {
        this.#onListenerError(err);
      }
    }
  }
}
