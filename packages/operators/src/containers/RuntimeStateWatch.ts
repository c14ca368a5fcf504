import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A runtime's state folder: containers are `root/<id>`, or `root/<namespace>/<id>` when nested. */
export interface WatchedRoot {
  root: string;
  nested: boolean;
}

/** inotify watches one RuntimeStateWatch holds at most (roots first, then namespaces, then containers). */
export const MAX_STATE_WATCHES = 256;

interface Wanted {
  /** When set, only entries of these names in the folder matter (missing roots' next components). */
  only?: Set<string>;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(dir, e.name));
  } catch {
    return [];
  }
}

/** The deepest folder of `path` (itself or an ancestor) that exists, and the component below it. */
function nearestExisting(path: string): { dir: string; next?: string } {
  let dir = path;
  let next: string | undefined;
  while (!existsSync(dir)) {
    const up = dirname(dir);
    if (up === dir) break;
    next = basename(dir);
    dir = up;
  }
  return { dir, next };
}

/**
 * Watches the runtimes' state folders with inotify (fs.watch) and calls
 * `changed` when something in them is created, renamed or removed: a
 * container's folder (create/delete) or its state.json (written once the init
 * process exists). A root that does not exist yet is watched through its
 * nearest existing ancestor, so a runtime started later is picked up.
 * `sync()` re-aims the watches at what the folders hold now; it is the
 * caller's to call after each change (debounced). At most `maxWatches` watches.
 */
export class RuntimeStateWatch {
  readonly #watches = new Map<string, { w: FSWatcher; key: string }>();
  #closed = false;

  constructor(
    private readonly roots: readonly WatchedRoot[],
    private readonly changed: () => void,
    private readonly maxWatches = MAX_STATE_WATCHES,
  ) {}

  /** Folders watched now. */
  get watched(): string[] {
    return [...this.#watches.keys()];
  }

  /** The folders that should be watched, most important first. */
  #wanted(): Map<string, Wanted> {
    const roots = new Map<string, Wanted>();
    const inner: string[] = [];
    const containers: string[] = [];
    for (const { root, nested } of this.roots) {
      if (!existsSync(root)) {
        const { dir, next } = nearestExisting(root);
        const had = roots.get(dir);
        if (had && !had.only) continue; // a root itself: every entry matters
        if (next === undefined) roots.set(dir, {});
        else roots.set(dir, { only: new Set([...(had?.only ?? []), next]) });
        continue;
      }
      roots.set(root, {}); // an ancestor of another missing root too: every entry matters
      if (!nested) {
        containers.push(...subdirs(root));
        continue;
      }
      for (const ns of subdirs(root)) {
        inner.push(ns);
        containers.push(...subdirs(ns));
      }
    }
    const out = new Map<string, Wanted>(roots);
    for (const d of [...inner, ...containers]) if (!out.has(d)) out.set(d, {});
    return out;
  }

  /** Watches what should be watched, drops the rest; true when a watch was added (the caller rereads then). */
  sync(): boolean {
    if (this.#closed) return false;
    const wanted = this.#wanted();
    for (const [dir, { w }] of this.#watches) {
      if (!wanted.has(dir)) {
        w.close();
        this.#watches.delete(dir);
      }
    }
    let added = false;
    for (const [dir, want] of wanted) {
      if (this.#watches.size >= this.maxWatches) break;
      const had = this.#watches.get(dir);
      const key = [...(want.only ?? ['*'])].sort().join('/');
      if (had && had.key === key) continue;
      had?.w.close();
      this.#watches.delete(dir);
      const w = this.#open(dir, want);
      if (w) {
        this.#watches.set(dir, { w, key });
        added = true;
      }
    }
    return added;
  }

  #open(dir: string, want: Wanted): FSWatcher | undefined {
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_type, name) => {
        if (want.only && name && !want.only.has(name)) return;
        this.changed();
      });
    } catch {
      return undefined; // gone meanwhile, or not readable: the next sync tries again
    }
    // dropped without a call to `changed`: a folder that keeps failing must not spin; the next sync retries
    w.on('error', () => {
      w.close();
      if (this.#watches.get(dir)?.w === w) this.#watches.delete(dir);
    });
    return w;
  }

  close(): void {
    this.#closed = true;
    for (const { w } of this.#watches.values()) w.close();
    this.#watches.clear();
  }
}
