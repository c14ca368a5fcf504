import { existsSync, readFileSync } from 'node:fs';
import { addon } from './addon.js';
import { TRACEFS } from './kernelSetup.js';

/** Where tracefs can be read: its own mount point, or the old one under debugfs; undefined when neither. */
export function tracefsRoot(): string | undefined {
  for (const root of [TRACEFS, '/sys/kernel/debug/tracing']) {
    if (existsSync(`${root}/events`)) return root;
  }
  return undefined;
}

const btfCache = new Map<string, boolean | undefined>();

/**
 * Whether the kernel's BTF names each "kind:name" ("func:vfs_read",
 * "typedef:btf_trace_sched_switch"); undefined for all when the kernel has
 * no BTF. Answers are kept for the process.
 */
export function kernelBtfHas(queries: string[]): (boolean | undefined)[] {
  const todo = [...new Set(queries.filter((q) => !btfCache.has(q)))];
  if (todo.length) {
    let found: boolean[] | null = null;
    try {
      found = addon().btfHas(todo);
    } catch {
      found = null;
    }
    todo.forEach((q, i) => btfCache.set(q, found ? found[i] : undefined));
  }
  return queries.map((q) => btfCache.get(q));
}

/** The prefix the kernel gives syscall entry points on this architecture (ksyscall programs use the same). */
export function syscallPrefix(): string {
  return { x64: '__x64_sys_', ia32: '__ia32_sys_', arm64: '__arm64_sys_', s390x: '__s390x_sys_', riscv64: '__riscv_sys_' }[process.arch as string] ?? 'sys_';
}

/** Whether the kernel has syscall `name` (openat2), from its BTF; undefined without BTF. */
export function syscallExists(name: string): boolean | undefined {
  const [arch, plain] = kernelBtfHas([`func:${syscallPrefix()}${name}`, `func:sys_${name}`]);
  if (arch === undefined) return undefined;
  return arch || plain === true;
}

let kallsyms: Set<string> | undefined;

/** Text symbols of the running kernel; empty when /proc/kallsyms cannot be read. */
function kernelTextSymbols(): Set<string> {
  if (kallsyms) return kallsyms;
  kallsyms = new Set();
  try {
    for (const line of readFileSync('/proc/kallsyms', 'utf8').split('\n')) {
      const [, type, name] = line.split(' ');
      if (name && (type === 'T' || type === 't')) kallsyms.add(name.split('\t')[0]!);
    }
  } catch {
    /* no kallsyms: only BTF can tell */
  }
  return kallsyms;
}

/**
 * Whether the kernel has a function named `name` that a kprobe or fentry
 * could target: in its BTF, or among its text symbols. undefined when
 * neither can be read.
 */
export function kernelFunctionExists(name: string): boolean | undefined {
  const [inBtf] = kernelBtfHas([`func:${name}`]);
  if (inBtf) return true;
  const symbols = kernelTextSymbols();
  if (symbols.size === 0) return inBtf;
  return symbols.has(name);
}
