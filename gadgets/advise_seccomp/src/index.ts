import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineGadget, type GadgetContext, type MountNsFilter, type Static } from '@gadgetry/sdk';
import { bothMountNsFilters, commonFiltersOf, loadForRun, prepareKernelFor, type RunObject } from '@gadgetry/shapes';
import { seccompProfile, type SeccompProfile } from './seccompProfile.js';
import { syscallSets } from './syscallSets.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  maxNamespaces: Type.Integer({
    default: 4096,
    minimum: 1,
    maximum: 1048576,
    description: 'Mount namespaces (containers, and the host) followed at once; raise it when the run says some were missed',
  }),
  ...commonFilterParams,
});

// The result is the profile; no event is emitted. The schema names what the
// profile is keyed by, the mount namespace, so the container operator offers
// --containername and hands the gadget its filter.
const event = Type.Object({
  mntnsId: Type.Integer({ kind: 'mntns', hidden: true, description: 'Mount namespace the syscalls were made in' }),
});

type Params = Static<typeof params>;

/** Reads a per-CPU u64 slot of `missed`, summed. */
function missed(run: RunObject, slot: number): number {
  const key = Buffer.alloc(4);
  key.writeUInt32LE(slot);
  return run.collection.map('missed').sumPerCpuU64(key);
}

export default defineGadget({
  name: 'advise_seccomp',
  description: 'Record the syscalls a container (or process) makes and write them as an OCI seccomp profile',
  category: 'advise',
  type: 'profile',
  params,
  event,
  instantiate: () => {
    let ctx: GadgetContext<Params> | undefined;
    let filter: MountNsFilter | undefined;
    /** Every namespace the container filter held during the run: a container that ended is still asked for. */
    const wanted = new Set<number>();
    let unfollow: (() => void) | undefined;
    let run: RunObject | undefined;
    let profile: SeccompProfile | undefined;
    return {
      init(c) {
        ctx = c;
        commonFiltersOf(c.params); // refuses bad values before anything is loaded
      },
      setMountNsFilter(f) {
        filter = filter ? bothMountNsFilters(filter, f) : f;
      },
      async start() {
        prepareKernelFor(ctx?.logger);
        if (filter) {
          for (const id of filter.ids()) wanted.add(id);
          unfollow = filter.onChange((ids) => ids.forEach((id) => wanted.add(id)));
        }
        run = await loadForRun(
          OBJECT,
          { name: 'advise_seccomp', gadget: 'advise_seccomp', mapSizes: { syscalls_used: ctx!.params.maxNamespaces }, runTimeStats: ctx?.stats === true },
          { traceSelf: ctx?.traceSelf, common: commonFiltersOf(ctx?.params) },
        );
        run.attach();
      },
      stop() {
        unfollow?.();
        unfollow = undefined;
        if (!run) return;
        run.collection.detachAll();
        if (filter) for (const id of filter.ids()) wanted.add(id);
        const sets = syscallSets(run.collection.map('syscalls_used'));
        const used = new Set<number>();
        for (const [mntns, numbers] of sets) if (!filter || wanted.has(mntns)) numbers.forEach((n) => used.add(n));
        const lostNs = missed(run, 0);
        const lostNumbers = missed(run, 1);
        if (lostNs > 0) ctx?.logger.warn(`${lostNs} syscalls were not recorded: more mount namespaces than --max-namespaces ${ctx.params.maxNamespaces}; raise it`);
        if (lostNumbers > 0) ctx?.logger.warn(`${lostNumbers} syscalls with numbers outside this architecture's table (x32 calls) were not recorded`);
        if (filter && wanted.size === 0) ctx?.logger.warn('no container matched --containername during the run: the profile allows nothing');
        else if (!filter && !commonFiltersOf(ctx?.params)) ctx?.logger.warn('neither --containername nor --pid/--comm given: the profile covers every process on the host');
        const outcome = seccompProfile(used);
        if (outcome.unnamed.length) {
          ctx?.logger.warn(`syscall numbers without a name in the table were used and stay denied: ${outcome.unnamed.join(', ')}`);
        }
        profile = outcome.profile;
      },
      close() {
        unfollow?.();
        run?.release();
        run = undefined;
      },
      result() {
        return profile;
      },
      kernelCost() {
        return run && !run.collection.closed ? run.collection.cost() : undefined;
      },
    };
  },
});

export type { SeccompProfile } from './seccompProfile.js';
