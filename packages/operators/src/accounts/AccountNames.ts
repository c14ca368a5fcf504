import { readFileSync, statSync } from 'node:fs';

/**
 * Numeric id to name from a passwd-style file (/etc/passwd, /etc/group),
 * re-read when the file changes; the change check runs at most once a second.
 */
export class AccountNames {
  #names = new Map<number, string>();
  #mtimeMs = -1;
  #checkedAt = 0;
  // Set by a check, cleared a second later: lookups in between cost no clock read.
  #fresh = false;

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  #reload(): void {
    if (this.#fresh) return;
    const t = this.now();
    if (t - this.#checkedAt < 1000 && this.#mtimeMs >= 0) return;
    this.#checkedAt = t;
    this.#fresh = true;
    setTimeout(() => (this.#fresh = false), 1000).unref();
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.path).mtimeMs;
    } catch {
      this.#names.clear();
      this.#mtimeMs = 0;
      return;
    }
    if (mtimeMs === this.#mtimeMs) return;
    this.#mtimeMs = mtimeMs;
    const names = new Map<number, string>();
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
    }
    this.#names = names;
  }

  /** The name, or the number itself when the file does not know it. */
  name(id: number): string {
    this.#reload();
    return this.#names.get(id) ?? String(id);
  }
}
