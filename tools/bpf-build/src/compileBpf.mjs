// Compiles one BPF C file into a CO-RE object: clang -target bpf against the
// running kernel's vmlinux.h (generated once per kernel with bpftool, cached)
// and the shared headers of @gadgetry/native-bpf, then DWARF stripped, BTF kept.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BuildError } from './BuildError.mjs';

/**
 * The first of `names` on PATH.
 * @param {string[]} names
 * @param {string} pkg the apt package that provides it
 */
function tool(names, pkg) {
  for (const n of names) {
    try {
      return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', n], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next name */
    }
  }
  throw new BuildError('TOOL_MISSING', `${names[0]} is missing; install it with: apt-get install ${pkg}`);
}

/** The folder holding vmlinux.h for this kernel. */
function vmlinuxHeader() {
  if (process.env.GADGETRY_VMLINUX_H) return dirname(resolve(process.env.GADGETRY_VMLINUX_H));
  const btf = process.env.GADGETRY_BTF ?? '/sys/kernel/btf/vmlinux';
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gadgetry', `vmlinux-${release()}`);
  const header = join(dir, 'vmlinux.h');
  if (existsSync(header)) return dir;
  if (!existsSync(btf)) throw new BuildError('TOOL_MISSING', `no kernel BTF at ${btf}; set GADGETRY_VMLINUX_H to a vmlinux.h generated elsewhere`);
  const bpftool = tool(['bpftool', '/usr/sbin/bpftool'], 'bpftool');
  mkdirSync(dir, { recursive: true });
  const text = execFileSync(bpftool, ['btf', 'dump', 'file', btf, 'format', 'c'], { maxBuffer: 256 << 20 });
  const tmp = `${header}.${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, header); // atomic: parallel builds never see half a header
  return dir;
}

/**
 * @param {string} source the .bpf.c file
 * @param {string} output the .bpf.o to write
 * @returns {number} the object's size in bytes
 */
export function compileBpf(source, output) {
  if (!existsSync(source)) throw new BuildError('USAGE', `${source} does not exist (run in the gadget's folder, or pass the source path)`);
  const clang = tool(['clang', 'clang-16', 'clang-15', 'clang-14'], 'clang');
  const strip = tool(['llvm-strip', 'llvm-strip-16', 'llvm-strip-15', 'llvm-strip-14'], 'llvm');
  const nativeInclude = join(dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@gadgetry/native-bpf/package.json')), 'include');
  const arch = { x64: 'x86', arm64: 'arm64', s390x: 's390', ppc64: 'powerpc' }[process.arch] ?? 'x86';
  mkdirSync(dirname(output), { recursive: true });
  const args = ['-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`, '-Wall', '-Wno-unused-function',
    `-I${vmlinuxHeader()}`, `-I${nativeInclude}`, `-I${dirname(source)}`, '-c', source, '-o', output];
  try {
    execFileSync(clang, args, { stdio: 'inherit' });
    // Drop DWARF but keep .BTF and .BTF.ext, which CO-RE and the event decoder need.
    execFileSync(strip, ['-g', output], { stdio: 'inherit' });
  } catch {
    throw new BuildError('COMPILE_FAILED', `compiling ${source} failed (see clang's messages above)`);
  }
  return statSync(output).size;
}
