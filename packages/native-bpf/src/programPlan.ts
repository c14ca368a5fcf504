import { addon } from './addon.js';
import { BpfError, rethrowNative } from './errors.js';
import { hookStatus } from './hooks.js';
import { kernelVersion } from './kernelVersion.js';

export interface ObjectProgram {
  name: string;
  section: string;
}

/** The programs of a BPF object, read without loading it. */
export function objectPrograms(source: string | Buffer): ObjectProgram[] {
  let native;
  try {
    native = new (addon().BpfObject)(source);
  } catch (err) {
    return rethrowNative(err);
  }
  try {
    return native.programs().map(({ name, section }) => ({ name, section }));
  } finally {
    native.close();
  }
}

/** A group of optional programs left out because a hook of theirs is absent. */
export interface SkippedGroup {
  /** Index of the group in the `optional` list. */
  group: number;
  /** Program names of the group. */
  programs: string[];
  /** Why: "tracepoint syscalls/sys_enter_openat2 does not exist on this kernel". */
  reason: string;
}

export interface ProgramPlan {
  /** Programs not to load: those asked to be skipped, and every program of a skipped group. */
  skip: string[];
  skipped: SkippedGroup[];
  /** Program names of each optional group, in the order given. */
  groups: string[][];
}

export interface PlanOptions {
  /** Groups of programs (by name or section) that stand or fall together, loaded only when their hooks exist. */
  optional?: string[][];
  /** Programs not to load in any case. */
  skip?: string[];
  /** Also check every other program's hook, and refuse the object when one is absent. */
  checkRequired?: boolean;
  /**
   * The Linux version each required program's hook arrived in, by program
   * name or section ("tp_btf/sock_send_length": "6.3"): the refusal says it.
   */
  addedIn?: Record<string, string>;
}

/**
 * Decides, before loading, which programs of an object to load on this
 * kernel: an optional group is left out when the probes say a hook of one of
 * its programs is absent (an unknown answer loads it); with `checkRequired`
 * a required program whose hook is absent is refused with one line naming it.
 */
export function planPrograms(source: string | Buffer, options: PlanOptions): ProgramPlan {
  const programs = objectPrograms(source);
  const find = (ref: string): ObjectProgram[] => {
    const byName = programs.filter((x) => x.name === ref);
    const found = byName.length ? byName : programs.filter((x) => x.section === ref);
    if (found.length === 0) {
      throw new BpfError('BPF_PROGRAM_NOT_FOUND', `optional program ${ref} is not in the BPF object; its programs: ${programs.map((x) => x.name).join(', ')}`);
    }
    return found;
  };
  const skip = new Set(options.skip ?? []);
  const groups = (options.optional ?? []).map((refs) => [...new Set(refs.flatMap(find))]);
  const skipped: SkippedGroup[] = [];
  groups.forEach((members, group) => {
    for (const p of members) {
      if (skip.has(p.name)) continue;
      const status = hookStatus(p.section);
      if (status.present === false) {
        skipped.push({ group, programs: members.map((m) => m.name), reason: status.reason });
        for (const m of members) skip.add(m.name);
        return;
      }
    }
  });
  if (options.checkRequired) {
    const optional = new Set(groups.flat().map((p) => p.name));
    for (const p of programs) {
      if (skip.has(p.name) || optional.has(p.name)) continue;
      const status = hookStatus(p.section);
      if (status.present === false) {
        const since = options.addedIn?.[p.name] ?? options.addedIn?.[p.section];
        const version = since ? ` (added in Linux ${since}; this kernel is ${kernelVersion().release})` : '';
        throw new BpfError('BPF_HOOK_MISSING', `program ${p.name} (${p.section}) cannot run on this kernel: ${status.reason}${version}`);
      }
    }
  }
  return { skip: [...skip], skipped, groups: groups.map((g) => g.map((p) => p.name)) };
}

/** The program libbpf named when a load failed ("prog 'on_open': BPF program load failed"), if any. */
export function failedProgram(err: unknown): string | undefined {
  const log = err instanceof BpfError ? err.libbpfLog : '';
  return /prog '([^']+)': (?:BPF program load failed|failed to load|failed to attach)/.exec(log)?.[1];
}
