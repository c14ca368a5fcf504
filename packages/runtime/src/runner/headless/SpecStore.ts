import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GadgetryError } from '@gadgetry/errors';
import type { HeadlessRunSpec } from '../HeadlessRunner.js';
import { TrustPolicy } from '../../registry/TrustPolicy.js';
import { UntrustedPathError } from '../../registry/UntrustedPathError.js';
import { RunSpecInvalidError } from './headlessErrors.js';
import { checkRunName } from './runName.js';
import { specFromFile, specToFile } from './specFile.js';

/** A saved run: its spec and how often an agent started it again. */
export interface SavedRun {
  spec: HeadlessRunSpec;
  resumed: number;
}

/** What reading the state folder found for one file: the run, or why it cannot be used. */
export type LoadedRun = { name: string; saved: SavedRun } | { name: string; error: GadgetryError };

const SUFFIX = '.json';
/** A saved spec is a few hundred bytes; anything much larger is not one. */
const MAX_SPEC_BYTES = 1 << 20;

/**
 * The agent's saved headless runs: one JSON file per run in a folder only
 * root (or the agent's user) can write, so a restarted agent can start them
 * again. The specs name code that runs as root: the folder and every file are
 * checked with the same rules as code folders (TrustPolicy) before they are read.
 */
export class SpecStore {
  constructor(
    readonly dir: string,
    private readonly trust: () => TrustPolicy = () => new TrustPolicy(),
  ) {}

  #path(name: string): string {
    return join(this.dir, `${checkRunName(name)}${SUFFIX}`);
  }

  /** Creates the folder (0700) if missing, then checks it may be trusted. */
  #ready(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.#check();
  }

  #check(): void {
    const problem = this.trust().check(this.dir, 'dir');
    if (problem) throw new UntrustedPathError('headless runs from the agent state folder', problem);
  }

  has(name: string): boolean {
    try {
      lstatSync(this.#path(name));
      return true;
    } catch {
      return false;
    }
  }

  /** Writes the run's file so a reader sees the old one or the whole new one: a new 0600 file beside it, flushed, renamed over it. */
  save(saved: SavedRun): void {
    this.#ready();
    const path = this.#path(saved.spec.name);
    const temp = join(this.dir, `.${saved.spec.name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      fd = openSync(temp, 'wx', 0o600);
      const bytes = Buffer.from(`${JSON.stringify(specToFile(saved), null, 2)}\n`, 'utf8');
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, path);
      const dirFd = openSync(this.dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch (err) {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(temp);
      } catch {
        // not created, or renamed already
      }
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new GadgetryError('OUTPUT_FAILED', `cannot save headless run ${saved.spec.name} in ${this.dir}: ${why}; check the folder is writable and the disk not full`, { cause: err });
    }
  }

  /** Forgets a run; a file already gone is fine. */
  delete(name: string): void {
    try {
      unlinkSync(this.#path(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /**
   * Every saved run, by name. A missing folder holds none; a folder that
   * breaks the trust rules is refused as a whole (UNTRUSTED_PATH); a file
   * that breaks them or is not a spec comes back as an error for its name.
   */
  load(): LoadedRun[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    this.#check();
    const trust = this.trust();
    const out: LoadedRun[] = [];
    for (const file of names.sort()) {
      if (!file.endsWith(SUFFIX) || file.startsWith('.')) continue;
      const name = file.slice(0, -SUFFIX.length);
      const path = join(this.dir, file);
      try {
        checkRunName(name);
        const problem = trust.check(path, 'file', this.dir);
        if (problem) throw new UntrustedPathError('a saved headless run', problem);
        const st = lstatSync(path);
        if (st.size > MAX_SPEC_BYTES) throw new RunSpecInvalidError(path, `it has ${st.size} bytes`);
        const saved = specFromFile(readFileSync(path, 'utf8'), path);
        if (saved.spec.name !== name) throw new RunSpecInvalidError(path, `it names the run ${JSON.stringify(saved.spec.name)}, not ${name}`);
        out.push({ name, saved });
      } catch (err) {
        out.push({ name, error: err instanceof GadgetryError ? err : new RunSpecInvalidError(path, (err as Error).message, err) });
      }
    }
    return out;
  }
}
