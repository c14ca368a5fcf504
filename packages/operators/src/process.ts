import { readFileSync, readlinkSync } from 'node:fs';
import { Type, defineOperator, type OperatorFieldSpec } from '@gadgetry/sdk';
import { coarseNow } from './coarseClock.js';
import { fieldOfKind } from './fieldOfKind.js';

interface Cached {
  value: string;
  at: number;
}

const CACHE_SIZE = 4096;
// A pid may exec again; what is older than this is read afresh.
const CACHE_TTL_MS = 1000;

/**
 * Reads a /proc file, or '' when the process is gone (or is a kernel thread,
 * which has no exe). No check before: a stat per read cost more than the
 * rare failure, whose Error is made without a stack trace, the costly part.
 */
function procRead(path: string, read: (p: string) => string): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return read(path);
  } catch {
    return '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A bounded per-pid cache whose entries expire after CACHE_TTL_MS. */
class PidCache {
  readonly #entries = new Map<number, Cached>();

  get(pid: number, now: number): string | undefined {
    const hit = this.#entries.get(pid);
    return hit && now - hit.at <= CACHE_TTL_MS ? hit.value : undefined;
  }

  set(pid: number, value: string, now: number): void {
    const hit = this.#entries.get(pid);
    if (hit) {
      hit.value = value;
      hit.at = now;
      return;
    }
    if (this.#entries.size >= CACHE_SIZE) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(pid, { value, at: now });
  }
}

/**
 * Adds the executable path (/proc/PID/exe) and the parent's command name,
 * best effort: a process that already exited gets empty strings. The
 * parent's name comes from the events themselves when the parent was seen
 * (its pid and comm, as the kernel gave them), else from /proc/PPID/comm;
 * both are cached per pid, so an exec storm under one parent reads /proc
 * once per new process, not twice.
 */
export const processOperator = defineOperator({
  name: 'process',
  description: 'Adds executable path and parent command name from /proc',
  params: Type.Object({}),
  canOperateOn: (d) => fieldOfKind(d, 'pid') !== undefined,
  fields(d) {
    const out: OperatorFieldSpec[] = [
      { name: 'exe', schema: Type.String({ kind: 'path', hidden: true, description: 'Executable path (/proc/PID/exe)' }) },
    ];
    if (fieldOfKind(d, 'ppid') && !('pcomm' in d.event.properties)) {
      out.push({ name: 'pcomm', schema: Type.String({ kind: 'comm', width: 16, hidden: true, description: 'Parent command name' }) });
    }
    return out;
  },
  instantiate(_ctx, _gadget, _params, d) {
    const pidField = fieldOfKind(d, 'pid')!;
    const ppidField = 'pcomm' in d.event.properties ? undefined : fieldOfKind(d, 'ppid');
    // the comm the kernel reported with the event is that process's name then: the parent name of its children
    const commField = fieldOfKind(d, 'comm');
    const exes = new PidCache();
    const comms = new PidCache();
    return {
      enrichEvent(ev) {
        const pid = ev[pidField] as number;
        const now = coarseNow();
        let exe = exes.get(pid, now);
        if (exe === undefined) {
          exe = procRead(`/proc/${pid}/exe`, (p) => readlinkSync(p));
          exes.set(pid, exe, now);
        }
        ev.exe = exe;
        if (!ppidField) return;
        if (commField !== undefined && typeof ev[commField] === 'string') comms.set(pid, ev[commField], now);
        const ppid = ev[ppidField] as number;
        let pcomm = comms.get(ppid, now);
        if (pcomm === undefined) {
          pcomm = procRead(`/proc/${ppid}/comm`, (p) => readFileSync(p, 'utf8').trimEnd());
          comms.set(ppid, pcomm, now);
        }
        ev.pcomm = pcomm;
      },
    };
  },
});
