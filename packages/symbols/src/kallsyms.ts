import { readFileSync } from 'node:fs';
import { SymbolTable, type SymbolEntry } from './SymbolTable.js';

/** Bytes of /proc/kallsyms read at most (a kernel with every module has about 20 MiB). */
export const KALLSYMS_MAX_BYTES = 64 * 1024 * 1024;

/** The kernel's function symbols, and whether their addresses were readable. */
export interface KernelSymbols {
  table: SymbolTable;
  /** False when every address read 0 (kptr_restrict hides them from this user). */
  readable: boolean;
}

/**
 * Parses /proc/kallsyms text ("ffffffff81000000 T _text\t[module]"): the
 * text symbols (t, T, w, W) by address. Lines that do not parse are skipped.
 */
export function parseKallsyms(text: string): KernelSymbols {
  const entries: SymbolEntry[] = [];
  let nonZero = false;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    lines++;
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first <= 0 || second !== first + 2) continue;
    const type = line[first + 1];
    if (type !== 't' && type !== 'T' && type !== 'w' && type !== 'W') continue;
    const hex = line.slice(0, first);
    if (!/^[0-9a-f]{1,16}$/i.test(hex)) continue;
    const address = BigInt(`0x${hex}`);
    if (address === 0n) continue;
    nonZero = true;
    const rest = line.slice(second + 1);
    const tab = rest.indexOf('\t');
    const name = (tab < 0 ? rest : rest.slice(0, tab)).trim().slice(0, 512);
    if (name) entries.push({ address, size: 0n, name });
  }
  return { table: new SymbolTable(entries), readable: nonZero || lines === 0 };
}

/** /proc/kallsyms of the running kernel (or `path`), bounded. */
export function readKallsyms(path = '/proc/kallsyms'): KernelSymbols {
  const text = readFileSync(path, 'latin1');
  return parseKallsyms(text.length > KALLSYMS_MAX_BYTES ? text.slice(0, text.lastIndexOf('\n', KALLSYMS_MAX_BYTES)) : text);
}
