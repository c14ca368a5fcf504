import { BpfError, failedProgram, planPrograms, type Collection, type Link } from '@gadgetry/native-bpf';

/**
 * Programs a gadget can do without: loaded and attached when the kernel has
 * their hooks, left out (and reported once) when it does not. The programs
 * of one declaration stand or fall together, e.g. the entry and exit
 * tracepoints of one syscall.
 */
export interface OptionalPrograms {
  /** Program names or sections. */
  programs: string[];
  /** What is not traced without them: "openat2" gives "openat2 is not traced: ...". */
  what: string;
  /** The Linux version their hook arrived in, for the report: "5.6". */
  since?: string;
  /**
   * A program (by name) of another declaration these programs stand
   * in for: they are attached only when that declaration is left out (its
   * hook absent, or the kernel refusing it), and reported only then. The
   * richer hook first, the plainer one as its fallback: both never run.
   */
  fallbackFor?: string;
}

/** What a run of a gadget needs of the kernel, checked before its object is loaded. */
export interface RunRequirements {
  /** Programs the gadget can do without (a bare string: one program, named after itself). */
  optionalPrograms?: (OptionalPrograms | string)[] | undefined;
  /** The oldest Linux the gadget runs on ("5.8"): older kernels are refused before anything is loaded. */
  minKernel?: string | undefined;
  /**
   * The Linux version the hook of each required program arrived in, by
   * program name or section: a kernel without the hook is refused with a
   * line naming the hook and that version.
   */
  hooksAddedIn?: Record<string, string> | undefined;
  /** Who is running, for messages: the gadget's name. */
  gadget?: string | undefined;
  /** Told once for each group of optional programs left out, in one line. */
  onSkipped?: ((message: string) => void) | undefined;
}

function declared(o: OptionalPrograms | string): OptionalPrograms {
  return typeof o === 'string' ? { programs: [o], what: o } : o;
}

/**
 * The optional programs of one load: which to leave out before loading (the
 * probes say a hook is absent), which to drop when the kernel refuses one at
 * load or attach time, and the one line that reports each.
 */
export class OptionalProgramSet {
  readonly #declared: OptionalPrograms[];
  readonly #groups: string[][];
  /** For each group, the group it is the fallback of, if any. */
  readonly #primaryOf: (number | undefined)[];
  readonly #skip: Set<string>;
  readonly #left = new Set<number>();
  /** Why each fallback group was left out, told only if its primary is left out too. */
  readonly #untold = new Map<number, string>();
  /** Programs the gadget itself asked not to load. */
  readonly #asked: Set<string>;
  readonly #who: string;
  readonly #report: (message: string) => void;

  constructor(source: string | Buffer, requirements: RunRequirements, skipPrograms: string[] | undefined, who: string) {
    this.#declared = (requirements.optionalPrograms ?? []).map(declared);
    this.#who = who;
    this.#report = requirements.onSkipped ?? (() => {});
    const plan = planPrograms(source, { optional: this.#declared.map((d) => d.programs), skip: skipPrograms, checkRequired: true, addedIn: requirements.hooksAddedIn });
    this.#groups = plan.groups;
    this.#primaryOf = this.#declared.map((d, i) => (d.fallbackFor === undefined ? undefined : this.#groupOf(i, d.fallbackFor)));
    this.#asked = new Set(skipPrograms ?? []);
    this.#skip = new Set(plan.skip);
    for (const s of plan.skipped) this.#leaveOut(s.group, s.reason);
  }

  /** The other declaration that holds program `name`: the one declaration `fallback` stands in for. */
  #groupOf(fallback: number, name: string): number {
    const group = this.#groups.findIndex((g, i) => i !== fallback && g.includes(name));
    if (group < 0) {
      const what = this.#declared[fallback]!.what;
      throw new BpfError('BPF_PROGRAM_NOT_FOUND', `${what} is declared the fallback for program ${name}, which no other optional declaration names`);
    }
    return group;
  }

  /** Whether a primary group is out of this run: left out, or every program of it skipped by the gadget. */
  #gone(group: number): boolean {
    return this.#left.has(group) || this.#groups[group]!.every((p) => this.#asked.has(p));
  }

  /** Programs not to load. */
  get skip(): string[] {
    return [...this.#skip];
  }

  #leaveOut(group: number, reason: string): void {
    if (this.#left.has(group)) return;
    this.#left.add(group);
    for (const p of this.#groups[group]!) this.#skip.add(p);
    const d = this.#declared[group]!;
    const message = `${this.#who}: ${d.what} is not traced: ${reason}${d.since ? ` (added in ${d.since})` : ''}`;
    // a fallback's absence matters only once what it stands in for is gone too
    if (this.#primaryOf[group] !== undefined) this.#untold.set(group, message);
    else this.#report(message);
  }

  /**
   * After a failed load: when the program the kernel refused is optional,
   * leaves its group out and returns true (load again); false otherwise.
   */
  leaveOutRefused(err: unknown): boolean {
    const program = failedProgram(err);
    const group = program === undefined ? -1 : this.#groups.findIndex((g, i) => !this.#left.has(i) && g.includes(program));
    if (group < 0) return false;
    this.#leaveOut(group, `the kernel refused program ${program}: ${(err as Error).message}`);
    return true;
  }

  /**
   * Attaches every loaded program of `collection`: the required ones (a
   * failure throws), then each optional group, which is detached, reported
   * and left out when one of its programs fails to attach.
   */
  attach(collection: Collection): void {
    const optional = new Set(this.#groups.flat());
    collection.attachAll({ except: [...optional] });
    const attachGroup = (group: string[], i: number) => {
      if (this.#left.has(i)) return;
      const links: Link[] = [];
      try {
        // what the gadget itself skipped was never loaded
        for (const p of group) if (!this.#skip.has(p)) links.push(collection.attach(p));
      } catch (err) {
        for (const l of links) l.close();
        this.#leaveOut(i, (err as Error).message);
      }
    };
    // primaries first: whether each fallback runs depends on how they fared
    this.#groups.forEach((group, i) => this.#primaryOf[i] === undefined && attachGroup(group, i));
    this.#groups.forEach((group, i) => {
      const primary = this.#primaryOf[i];
      if (primary === undefined || !this.#gone(primary)) return;
      attachGroup(group, i);
      const untold = this.#untold.get(i);
      if (untold) this.#report(untold);
    });
  }
}
