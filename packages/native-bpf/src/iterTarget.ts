import type { BpfMap } from './BpfMap.js';

/** How an iter/cgroup program walks from its cgroup (enum bpf_cgroup_iter_order). */
export const CGROUP_ITER_ORDER = { self: 1, descendantsPre: 2, descendantsPost: 3, ancestorsUp: 4 } as const;
export type CgroupIterOrder = keyof typeof CGROUP_ITER_ORDER;

/**
 * What an iterator walks, where the kernel lets it be told (the link's
 * union bpf_iter_link_info): one map's elements (iter/bpf_map_elem and the
 * like, Linux 5.9), one process's or thread's tasks (iter/task, task_file,
 * task_vma; Linux 6.1), the cgroups from one cgroup (iter/cgroup; Linux 6.1).
 * Kernels without a target's support refuse it at attach (E2BIG or EINVAL),
 * or, for task iterators before 6.1 given only a tid, walk every task: a
 * program that must see one process only checks it itself too.
 */
export type IterTarget =
  | { map: BpfMap }
  | { task: { tid: number } | { pid: number } | { pidFd: number } }
  | { cgroup: { fd: number; order?: CgroupIterOrder } | { id: bigint; order?: CgroupIterOrder } };

/** Options of Collection.attach(). */
export interface AttachOptions {
  /** For iter/* programs: what the iterator walks. Without it, what the kernel walks by default. */
  iter?: IterTarget;
}

/** The flat form the addon reads. */
export interface NativeIterTarget {
  mapFd?: number;
  taskTid?: number;
  taskPid?: number;
  taskPidFd?: number;
  cgroupFd?: number;
  cgroupId?: bigint;
  cgroupOrder?: number;
}

const one = (what: string, o: unknown): Record<string, unknown> => {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TypeError(`attach(): iter.${what} must be an object`);
  return o as Record<string, unknown>;
};

/** The target in the addon's form; a TypeError names what is wrong with it. */
export function nativeIterTarget(target: IterTarget): NativeIterTarget {
  const t = one('target', target) as Record<string, unknown>;
  const keys = Object.keys(t).filter((k) => t[k] !== undefined);
  if (keys.length !== 1 || !['map', 'task', 'cgroup'].includes(keys[0]!)) {
    throw new TypeError(`attach(): options.iter names one of map, task or cgroup, got ${keys.length ? keys.join(', ') : 'none'}`);
  }
  if ('map' in t && t.map !== undefined) {
    const map = t.map as BpfMap;
    if (typeof map !== 'object' || map === null || typeof (map as { fd?: unknown }).fd !== 'number') throw new TypeError('attach(): iter.map must be a map of a loaded collection');
    return { mapFd: map.fd };
  }
  if ('task' in t && t.task !== undefined) {
    const task = one('task', t.task);
    const given = Object.keys(task).filter((k) => task[k] !== undefined);
    if (given.length !== 1 || !['tid', 'pid', 'pidFd'].includes(given[0]!)) throw new TypeError('attach(): iter.task names one of tid, pid or pidFd');
    const key = given[0] as 'tid' | 'pid' | 'pidFd';
    return { [`task${key[0]!.toUpperCase()}${key.slice(1)}`]: task[key] } as NativeIterTarget;
  }
  const cgroup = one('cgroup', t.cgroup);
  const order = cgroup.order === undefined ? undefined : CGROUP_ITER_ORDER[cgroup.order as CgroupIterOrder];
  if (cgroup.order !== undefined && order === undefined) {
    throw new TypeError(`attach(): iter.cgroup.order is one of ${Object.keys(CGROUP_ITER_ORDER).join(', ')}`);
  }
  if ((cgroup.fd === undefined) === (cgroup.id === undefined)) throw new TypeError('attach(): iter.cgroup names its cgroup by fd or by id');
  return { cgroupFd: cgroup.fd as number | undefined, cgroupId: cgroup.id as bigint | undefined, cgroupOrder: order };
}
