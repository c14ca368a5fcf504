import { LOSS_REASONS, type LossReason } from '@gadgetry/errors';
import { requireKernel } from '@gadgetry/native-bpf';
import type { Collection } from '@gadgetry/native-bpf';
import type { GadgetContext, KernelCost, MountNsFilter } from '@gadgetry/sdk';
import { commonFiltersOf, type CommonFilters } from './commonFilter.js';
import type { RunFilters } from './loadForRun.js';
import type { OptionalPrograms, RunRequirements } from './optionalPrograms.js';
import { prepareKernelFor } from './runContext.js';
import { bothMountNsFilters } from './mountNsFilter.js';

/** What every shape declares about its object beyond the gadget's params. */
export interface ShapeObjectOptions {
  /** Object name in kernel listings. */
  name?: string | undefined;
  /** Programs the gadget can do without where the kernel lacks their hooks (reported once each). */
  optionalPrograms?: (OptionalPrograms | string)[] | undefined;
  /** The oldest Linux the gadget runs on ("5.8"); older kernels are refused before anything is loaded. */
  minKernel?: string | undefined;
  /** The Linux version each required program's hook arrived in (program name or section -> "6.3"), for the refusal where it is absent. */
  hooksAddedIn?: Record<string, string> | undefined;
}

/**
 * The part every shape shares: what init() and setMountNsFilter() hand it,
 * kept until start() loads the object with the run's requirements and
 * filters (container, the runtime's own process, --pid/--uid/--comm...).
 */
export class ShapeRun<P> {
  ctx: GadgetContext<P> | undefined;
  mntnsFilter: MountNsFilter | undefined;
  #common: CommonFilters | undefined;
  /** The run's loaded objects, for kernelCost(). */
  readonly #collections = new Set<Collection>();

  constructor(readonly options: ShapeObjectOptions) {}

  /** setMountNsFilter(): each filtering operator hands one; every one given must keep a namespace. */
  addMountNsFilter(filter: MountNsFilter): void {
    this.mntnsFilter = this.mntnsFilter ? bothMountNsFilters(this.mntnsFilter, filter) : filter;
  }

  /** init(): refuses a kernel below minKernel before anything is loaded, reads the common filters. */
  init(ctx: GadgetContext<P>): void {
    this.ctx = ctx;
    if (this.options.minKernel) requireKernel(this.options.minKernel, ctx.gadgetName);
    this.#common = commonFiltersOf(ctx.params);
  }

  /** start(): tracefs and bpffs mounted (said once), the memlock limit lifted. */
  prepareKernel(): void {
    prepareKernelFor(this.ctx?.logger);
  }

  /** What loadForRun checks before loading: optional programs, the minimum kernel, who is asking. */
  requirements(): RunRequirements & { name?: string | undefined; runTimeStats: boolean } {
    const { name, optionalPrograms, minKernel, hooksAddedIn } = this.options;
    return {
      name,
      optionalPrograms,
      minKernel,
      hooksAddedIn,
      gadget: this.ctx?.gadgetName ?? name,
      onSkipped: (message) => this.ctx?.logger.warn(message),
      // --stats: the kernel counts runs and run time from load on
      runTimeStats: this.ctx?.stats === true,
    };
  }

  /** Counts `collection` in kernelCost() while it is open; gives it back. */
  track<C extends Collection>(collection: C): C {
    this.#collections.add(collection);
    return collection;
  }

  /** What the run's open objects cost the kernel so far; undefined when none is open. */
  kernelCost(): KernelCost | undefined {
    let cost: KernelCost | undefined;
    for (const c of this.#collections) {
      if (c.closed) {
        this.#collections.delete(c);
        continue;
      }
      const one = c.cost();
      if (!cost) cost = { ...one, programs: [...one.programs], maps: [...one.maps] };
      else {
        cost.programs.push(...one.programs);
        cost.maps.push(...one.maps);
        if (one.runTime === 'unavailable') Object.assign(cost, { runTime: 'unavailable', refusal: one.refusal ?? cost.refusal });
      }
    }
    return cost;
  }

  /** The run's in-kernel filters. */
  filters(): RunFilters {
    return { mntnsFilter: this.mntnsFilter, traceSelf: this.ctx?.traceSelf, common: this.#common };
  }

  /**
   * Ends the run with `err` through its flow control; without one (other
   * hosts) logs "`doing` failed: message" instead.
   */
  fail(err: unknown, doing: string): void {
    const ctx = this.ctx;
    if (ctx?.flow) ctx.flow.fail(err);
    else ctx?.logger.error(`${doing} failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  /**
   * Counts `n` lost events through the flow control; without one logs them,
   * as `text` (by default the detail, or the reason's summary).
   */
  lost(n: number, reason: LossReason, detail?: string, text = detail ?? LOSS_REASONS[reason].summary): void {
    const ctx = this.ctx;
    if (ctx?.flow) ctx.flow.lost(n, reason, detail);
    else ctx?.logger.warn(`${n} events lost: ${text}`);
  }

  /**
   * Pauses `reader` while the run's consumers are behind and resumes it when
   * they catch up; gives what stops following (nothing without flow control).
   */
  followFlow(reader: { pause(): void; resume(): void }): (() => void) | undefined {
    const flow = this.ctx?.flow;
    if (!flow) return undefined;
    const unfollow = flow.onChange((paused) => (paused ? reader.pause() : reader.resume()));
    if (flow.paused) reader.pause();
    return unfollow;
  }
}
