import type { CollectionOptions } from '@gadgetry/native-bpf';
import { StackSymbolizer } from '@gadgetry/symbols';
import type { StackProfile } from '@gadgetry/sdk';
import { loadForRun, type RunObject } from './loadForRun.js';
import { onlineCpus } from './onlineCpus.js';
import { readStackProfile, STACK_COUNTS_MAP, STACK_MAP } from './readStackProfile.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun, type ShapeObjectOptions } from './ShapeRun.js';

export interface StackProfileGadgetOptions<P> extends ShapeObjectOptions {
  /** Path or bytes of the compiled BPF object (it includes <gadgetry/stack_profile.h>). */
  object: string | Buffer;
  /** The perf_event program attached on every online CPU. */
  program: string;
  /** What one count is ("samples"). */
  unit: string;
  /**
   * Turns validated params into load options, the sampling frequency (Hz)
   * and the size of the stack tables. Throw to reject a value.
   */
  configure(params: P): Pick<CollectionOptions, 'globals' | 'skipPrograms'> & { sampleFreq: number; maxStacks: number };
  /** The line above the table, from the run's facts ("CPU samples at 49 Hz on 2 CPUs for 5.0 s"). */
  describe?(facts: { sampleFreq: number; cpus: number; seconds: number }): string;
}

/** How often the processes seen so far are read, so that those gone by the end still get names. */
const REMEMBER_MS = 1000;
/** New processes read per tick at most: the rest wait for the next one. */
const REMEMBER_PER_TICK = 256;

/**
 * A complete profile gadget instance that samples stacks: a perf_event
 * program on every online CPU counts stacks with <gadgetry/stack_profile.h>;
 * every second the processes seen so far have their maps and files read;
 * when the run stops the stacks are read, symbolized (@gadgetry/symbols) and
 * returned by result() as a StackProfile, which the runtime shows as a
 * table, folded stacks or a flame graph. Samples the kernel could not count
 * are reported as lost and listed under `unattributed`.
 */
export function stackProfileGadget<P, E>(
  o: StackProfileGadgetOptions<P>,
): ShapeInstance<P, E, 'init' | 'setMountNsFilter' | 'start' | 'stop' | 'close' | 'result' | 'kernelCost'> {
  const run = new ShapeRun<P>(o);
  let object: RunObject | undefined;
  let config: ReturnType<typeof o.configure> | undefined;
  let profile: StackProfile | undefined;
  let cpus = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const symbolizer = new StackSymbolizer();
  const seen = new Set<number>();
  // every second, the maps and files of processes that appeared in the counts: a process that
  // exits before the run stops is then still symbolized
  const rememberNew = () => {
    const c = object?.collection;
    if (!c || c.closed) return;
    let fresh = 0;
    try {
      for (const [key] of c.map(STACK_COUNTS_MAP).entries()) {
        const pid = key.readUInt32LE(0);
        if (pid === 0 || seen.has(pid)) continue;
        if (seen.size >= 65536) seen.clear();
        seen.add(pid);
        symbolizer.remember(pid);
        if (++fresh >= REMEMBER_PER_TICK) break;
      }
    } catch (err) {
      run.ctx?.logger.debug(`reading the processes seen so far failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return {
    init(c) {
      run.init(c);
      config = o.configure(c.params);
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      const { sampleFreq, maxStacks, ...load } = config!;
      object = await loadForRun(o.object, { ...load, mapSizes: { [STACK_MAP]: maxStacks, [STACK_COUNTS_MAP]: maxStacks }, ...run.requirements() }, run.filters());
      run.track(object.collection);
      const online = onlineCpus();
      for (const cpu of online) object.collection.attachPerfEvent(o.program, { cpu, sampleFreq });
      cpus = online.length;
      startedAt = performance.now();
      timer = setInterval(rememberNew, REMEMBER_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      const c = object?.collection;
      if (!c || c.closed) return;
      c.detachAll();
      const seconds = (performance.now() - startedAt) / 1000;
      const { profile: p, read } = readStackProfile(c, o.unit, symbolizer);
      const sampleFreq = config!.sampleFreq;
      p.description = o.describe?.({ sampleFreq, cpus, seconds }) ?? `${o.unit} at ${sampleFreq} Hz on ${cpus} CPUs for ${seconds.toFixed(1)} s`;
      if (read.uncounted) run.ctx?.flow?.lost(read.uncounted, 'gadget_lost', `${o.unit} not counted: the table of stacks was full (raise --max-stacks)`);
      const lostStacks = read.lostUserStacks + read.lostKernelStacks;
      if (lostStacks) run.ctx?.logger.warn(`${lostStacks} ${o.unit} have a stack the kernel could not store ([stack lost]); raise --max-stacks`);
      profile = p;
    },
    close() {
      clearInterval(timer);
      object?.release();
    },
    result() {
      return profile;
    },
    kernelCost: () => run.kernelCost(),
  };
}
