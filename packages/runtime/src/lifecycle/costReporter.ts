import type { GadgetInstance } from '@gadgetry/sdk';
import { runCost, type RunCost } from './runCost.js';

/**
 * Reads a run's cost for --stats: the gadget's kernel numbers
 * (kernelCost()) and the process's own since the run began, now and, when
 * asked, every interval. A gadget whose kernelCost() throws is warned about
 * once; its kernel part is then `not reported`.
 */
export class CostReporter {
  readonly #since = process.cpuUsage();
  #timer: NodeJS.Timeout | undefined;
  #warned = false;
  #refusalTold = false;

  constructor(
    private readonly gadgetName: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The cost now; `gadget` is the instance whose objects are loaded. */
  read(gadget: GadgetInstance | undefined, events: number): RunCost {
    let kernel;
    try {
      kernel = gadget?.kernelCost?.();
    } catch (err) {
      if (!this.#warned) this.warn(`${this.gadgetName}: cannot read what its BPF objects cost: ${err instanceof Error ? err.message : String(err)}`);
      this.#warned = true;
    }
    const cost = runCost(kernel, events, this.#since);
    if (cost.runTime === 'unavailable' && !this.#refusalTold) {
      this.#refusalTold = true;
      this.warn(`--stats: BPF run counts and run time are unavailable: ${cost.runTimeRefusal ?? 'the kernel was not counting'}`);
    }
    return cost;
  }

  /** Calls `tick` every `ms` until stop(). */
  every(ms: number, tick: () => void): void {
    this.#timer = setInterval(tick, ms);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
