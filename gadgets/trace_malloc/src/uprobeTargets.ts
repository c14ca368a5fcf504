import { statSync } from 'node:fs';
import { ParamError } from '@gadgetry/sdk';
import { processLibrary, systemLibrary, type UprobeAttachment } from '@gadgetry/shapes';

/** Each function traced: its uprobe program and, when it returns a block, its uretprobe. */
const FUNCTIONS = [
  { symbol: 'malloc', entry: 'on_malloc', ret: 'on_malloc_return' },
  { symbol: 'calloc', entry: 'on_calloc', ret: 'on_calloc_return' },
  { symbol: 'realloc', entry: 'on_realloc', ret: 'on_realloc_return' },
  { symbol: 'free', entry: 'on_free', ret: undefined },
] as const;

/** Every program on every function of `binary`, for `pid` (-1: every process). */
function onBinary(binary: string, pid: number): UprobeAttachment[] {
  return FUNCTIONS.flatMap((f) => [
    { program: f.entry, binary, symbol: f.symbol, pid },
    ...(f.ret ? [{ program: f.ret, binary, symbol: f.symbol, pid }] : []),
  ]);
}

/**
 * Where the probes go: with --pid, the C library each of those processes
 * maps (a container's own), for that process only; without, the host's C
 * library for every process. --binary names the file instead (a library or
 * a statically linked program).
 */
export function uprobeTargets(binary: string, pids: number[] | undefined): UprobeAttachment[] {
  if (binary !== '' && !binary.startsWith('/')) throw new ParamError(`invalid value ${JSON.stringify(binary)} for --binary: expected an absolute path`);
  if (binary !== '' && !statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    throw new ParamError(`invalid value ${JSON.stringify(binary)} for --binary: no such file (give the path of a library or program)`);
  }
  if (pids && pids.length > 0) {
    return pids.flatMap((pid) => {
      const file = binary || processLibrary(pid, 'libc');
      if (!file) throw new ParamError(`process ${pid} maps no C library (a static program?): name the binary with --binary`);
      return onBinary(file, pid);
    });
  }
  const file = binary || processLibrary(process.pid, 'libc') || systemLibrary('libc');
  if (!file) throw new ParamError('no C library found on this host: name the binary with --binary');
  return onBinary(file, -1);
}
