/**
 * The result of a profile gadget that samples stacks (profile_cpu, or any
 * third-party gadget that counts stacks): the runtime prints it as a table of
 * the top stacks, as folded stacks (`-o folded`), as JSON, or as a flame graph
 * (`--flamegraph FILE.svg|.html`). A gadget declares it with
 * `result: 'stack-profile'` in its descriptor and returns one from `result()`.
 */
export interface StackProfile {
  type: 'stack-profile';
  /** What one count is, e.g. "samples" (CPU samples at 49 Hz) or "bytes". */
  unit: string;
  /** Counts of every stack added up. */
  total: number;
  /** Stacks, most counted first. */
  stacks: ProfileStack[];
  /**
   * What could not be attributed, counted: frames shown as `[unknown]`,
   * of them those of processes gone before symbolization, stacks the kernel
   * could not store, samples not counted. Keys are the gadget's words.
   */
  unattributed: Record<string, number>;
  /** One line saying what was sampled, shown above the table ("CPU samples at 49 Hz on 2 CPUs for 5.0 s"). */
  description?: string;
}

export interface ProfileStack {
  pid: number;
  comm: string;
  count: number;
  /** Root first: the outermost caller, down to the leaf that was running. */
  frames: ProfileFrame[];
}

/**
 * One frame: `name` is the function, or `[unknown]` when nothing names it;
 * `module` the file it is in (absent in the kernel and for processes gone
 * before symbolization); `kernel` marks kernel frames.
 */
export interface ProfileFrame {
  name: string;
  module?: string;
  kernel?: boolean;
}

/** Kinds of result the runtime knows how to show beyond JSON. */
export const RESULT_KINDS = ['stack-profile'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** True when `value` has the shape of a StackProfile (checked before the runtime formats it). */
export function isStackProfile(value: unknown): value is StackProfile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StackProfile>;
  return v.type === 'stack-profile' && typeof v.total === 'number' && Array.isArray(v.stacks) && typeof v.unattributed === 'object';
}
