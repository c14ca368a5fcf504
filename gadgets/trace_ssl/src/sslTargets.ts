import { statSync } from 'node:fs';
import { ParamError } from '@gadgetry/sdk';
import { processLibrary, systemLibrary, type UprobeAttachment } from '@gadgetry/shapes';

/** Each function traced, its programs, and whether older libssl lacks it (the _ex forms came in OpenSSL 1.1.1). */
const FUNCTIONS = [
  { symbol: 'SSL_read', entry: 'on_read', ret: 'on_read_return', optional: false },
  { symbol: 'SSL_write', entry: 'on_write', ret: 'on_write_return', optional: false },
  { symbol: 'SSL_read_ex', entry: 'on_read_ex', ret: 'on_read_ex_return', optional: true },
  { symbol: 'SSL_write_ex', entry: 'on_write_ex', ret: 'on_write_ex_return', optional: true },
] as const;

function onBinary(binary: string, pid: number): UprobeAttachment[] {
  return FUNCTIONS.flatMap(({ symbol, entry, ret, optional }) => [
    { program: entry, binary, symbol, pid, optional },
    { program: ret, binary, symbol, pid, optional },
  ]);
}

/**
 * Where the probes go: with --pid, the libssl each of those processes maps
 * (a container's own), for that process only; without, the host's libssl
 * for every process. --binary names the file instead.
 */
export function sslTargets(binary: string, pids: number[] | undefined): UprobeAttachment[] {
  if (binary !== '' && !binary.startsWith('/')) throw new ParamError(`invalid value ${JSON.stringify(binary)} for --binary: expected an absolute path`);
  if (binary !== '' && !statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    throw new ParamError(`invalid value ${JSON.stringify(binary)} for --binary: no such file (give the path of a library or program)`);
  }
  if (pids && pids.length > 0) {
    return pids.flatMap((pid) => {
      const file = binary || processLibrary(pid, 'libssl');
      if (!file) throw new ParamError(`process ${pid} maps no libssl (it does not use OpenSSL's shared library): name the library or program with --binary`);
      return onBinary(file, pid);
    });
  }
  const file = binary || systemLibrary('libssl');
  if (!file) throw new ParamError('no libssl found where the loader looks (install OpenSSL, or name the library with --binary)');
  return onBinary(file, -1);
}
