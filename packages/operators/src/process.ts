import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { Type, defineOperator, type OperatorFieldSpec } from '@gadgetry/sdk';
import { coarseNow } from './coarseClock.js';
import { fieldOfKind } from './fieldOfKind.js';

interface ProcessFacts {
  exe: string;
  pcomm: string;
  at: number;
}

const CACHE_SIZE = 4096;
// A pid may exec again; facts older than this are read afresh.
const CACHE_TTL_MS = 1000;

/** Reads a /proc file, or '' when the process is gone; checks first, as a throw costs more than the read. */
function procRead(path: string, read: (p: string) => string): string {
  if (!existsSync(path)) return '';
  try {
    return read(path);
  } catch {
    return ''; // exited between the check and the read, or a kernel thread
  }
}

function readFacts(pid: number, ppid: number | undefined): ProcessFacts {
  const exe = procRead(`/proc/${pid}/exe`, (p) => readlinkSync(p));
  const pcomm = ppid === undefined ? '' : procRead(`/proc/${ppid}/comm`, (p) => readFileSync(p, 'utf8').trimEnd());
  return { exe, pcomm, at: coarseNow() };
}

/**
 * Adds the executable path and the parent's command name from /proc, best
 * effort: a process that already exited gets empty strings. Cached per pid.
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
    const cache = new Map<number, ProcessFacts>();
    return {
      enrichEvent(ev) {
        const pid = ev[pidField] as number;
        const now = coarseNow();
        let facts = cache.get(pid);
        if (!facts || now - facts.at > CACHE_TTL_MS) {
          facts = readFacts(pid, ppidField ? (ev[ppidField] as number) : undefined);
          if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
          cache.set(pid, facts);
        }
        ev.exe = facts.exe;
        if (ppidField) ev.pcomm = facts.pcomm;
      },
    };
  },
});
