#!/usr/bin/env node
// Compiles a gadget's BPF program into a CO-RE object:
//   gadgetry-bpf-build [src/program.bpf.c] [dist/program.bpf.o]
// vmlinux.h is generated once per kernel from its BTF and cached.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const [source = 'src/program.bpf.c', output = 'dist/program.bpf.o'] = process.argv.slice(2);
const VMLINUX_BTF = process.env.GADGETRY_BTF ?? '/sys/kernel/btf/vmlinux';

function fail(message) {
  console.error(`gadgetry-bpf-build: ${message}`);
  process.exit(1);
}

function tool(names, pkg) {
  for (const n of names) {
    try {
      return execFileSync('sh', ['-c', `command -v ${n}`], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next name */
    }
  }
  return fail(`${names[0]} is missing; install it with: apt-get install ${pkg}`);
}

if (!existsSync(source)) fail(`${source} does not exist (run in the gadget's folder, or pass the source path)`);
const clang = tool(['clang', 'clang-16', 'clang-15', 'clang-14'], 'clang');
const strip = tool(['llvm-strip', 'llvm-strip-16', 'llvm-strip-15', 'llvm-strip-14'], 'llvm');

function vmlinuxHeader() {
  if (process.env.GADGETRY_VMLINUX_H) return dirname(resolve(process.env.GADGETRY_VMLINUX_H));
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gadgetry', `vmlinux-${release()}`);
  const header = join(dir, 'vmlinux.h');
  if (existsSync(header)) return dir;
  if (!existsSync(VMLINUX_BTF)) fail(`no kernel BTF at ${VMLINUX_BTF}; set GADGETRY_VMLINUX_H to a vmlinux.h generated elsewhere`);
  const bpftool = tool(['bpftool', '/usr/sbin/bpftool'], 'bpftool');
  mkdirSync(dir, { recursive: true });
  const text = execFileSync(bpftool, ['btf', 'dump', 'file', VMLINUX_BTF, 'format', 'c'], { maxBuffer: 256 << 20 });
  const tmp = `${header}.${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, header); // atomic: parallel builds never see half a header
  return dir;
}

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
  fail(`compiling ${source} failed (see clang's messages above)`);
}
console.log(`gadgetry-bpf-build: ${output} (${statSync(output).size} bytes)`);
