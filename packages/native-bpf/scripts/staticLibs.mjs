// Position-independent static libbpf and libelf for the prebuilt addon.
// Debian's libbpf.a and libelf.a are not built with -fPIC (libbpf.o takes
// `stderr` PC-relative, elf_error.o uses local-exec TLS), so neither links
// into a shared object. Both are built here from Debian's own source
// packages (fetched with apt-get source into a private apt state, checked
// against the signed Sources index), with -fPIC, once per architecture.
// zlib is built the same way (Debian's own source), so a cross build needs
// nothing of the target architecture but its compiler.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Debian source packages the static libraries come from (bookworm's, as libbpf-dev/libelf-dev). */
export const SOURCES = { libbpf: 'libbpf', elfutils: 'elfutils', zlib: 'zlib' };
const SUITE = 'bookworm';
const MIRROR = 'http://deb.debian.org/debian';
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

/** apt-get with its own source list, lists and cache under `dir`: the machine's apt setup is left alone. */
function privateApt(dir) {
  const lists = join(dir, 'lists');
  const cache = join(dir, 'cache');
  mkdirSync(join(lists, 'partial'), { recursive: true });
  mkdirSync(join(cache, 'archives', 'partial'), { recursive: true });
  const list = join(dir, 'sources.list');
  writeFileSync(list, `deb-src [signed-by=${KEYRING}] ${MIRROR} ${SUITE} main\n`);
  const opts = ['-q', '-o', `Dir::Etc::SourceList=${list}`, '-o', 'Dir::Etc::SourceParts=/dev/null', '-o', `Dir::State::Lists=${lists}`, '-o', `Dir::Cache=${cache}`,
    // the files are ours, not the _apt user's
    '-o', 'APT::Sandbox::User=root'];
  return (cwd, ...args) => sh('apt-get', [...opts, ...args], { cwd });
}

/** Downloads the source packages into `dir/src` (once; apt checks them against the signed index) and returns that folder. */
function fetchSources(dir) {
  const src = join(dir, 'src');
  const have = existsSync(src) ? readdirSync(src) : [];
  if (Object.values(SOURCES).every((p) => have.some((f) => f.startsWith(`${p}_`) && f.includes('.orig.tar')))) return src;
  if (!existsSync(KEYRING)) throw new Error(`${KEYRING} is missing; install it with: apt-get install debian-archive-keyring`);
  const apt = privateApt(dir);
  try {
    apt(dir, 'update');
  } catch (err) {
    throw new Error(`cannot read Debian's source index from ${MIRROR} (${firstLine(err)})`);
  }
  mkdirSync(src, { recursive: true });
  for (const p of Object.values(SOURCES)) {
    try {
      apt(src, 'source', '--download-only', p);
    } catch (err) {
      throw new Error(`cannot download the ${p} source package (${firstLine(err)})`);
    }
  }
  return src;
}

function firstLine(err) {
  return String(err.stderr || err.message).trim().split('\n').filter((l) => !l.startsWith('W:')).pop() ?? 'unknown error';
}

function unpack(src, pkg, into) {
  const tarball = readdirSync(src).find((f) => f.startsWith(`${pkg}_`) && /\.orig\.tar\.(gz|bz2|xz)$/.test(f));
  if (!tarball) throw new Error(`no ${pkg} source tarball in ${src}`);
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  sh('tar', ['xf', join(src, tarball), '-C', into, '--strip-components=1']);
  return tarball.replace(/\.orig\.tar\..*$/, '');
}

/**
 * Builds (once) position-independent libz.a, libelf.a and libbpf.a for `arch`
 * (`x64`, or another Node arch with `cc` a cross compiler such as
 * aarch64-linux-gnu-gcc) under `cacheDir`, and returns what to compile and
 * link the addon with.
 * @param {{ cacheDir: string, arch: string, cc?: string, host?: string, log?: (line: string) => void }} o
 * @returns {{ includeDirs: string[], libs: string[], versions: Record<string, string> }}
 */
export function staticLibs({ cacheDir, arch, cc = 'gcc', host, log = () => {} }) {
  const out = join(cacheDir, arch);
  const libz = join(out, 'libz.a');
  const libelf = join(out, 'libelf.a');
  const libbpf = join(out, 'libbpf.a');
  const include = join(out, 'include');
  const stamp = join(out, 'versions.json');
  const libs = [libbpf, libelf, libz];
  if (libs.every((l) => existsSync(l)) && existsSync(stamp)) {
    return { includeDirs: [include], libs, versions: JSON.parse(readFileSync(stamp, 'utf8')) };
  }
  const src = fetchSources(cacheDir);
  const work = join(out, 'work');
  const cflags = '-O2 -fPIC';
  const env = { ...process.env, CC: cc, CFLAGS: cflags };

  log(`building a position-independent libz.a (${arch}) from Debian's zlib source`);
  const zDir = join(work, 'zlib');
  const zlib = unpack(src, SOURCES.zlib, zDir);
  sh('./configure', ['--static'], { cwd: zDir, env });
  sh('make', ['-j2', 'libz.a'], { cwd: zDir, env });
  mkdirSync(include, { recursive: true });
  sh('cp', [join(zDir, 'libz.a'), libz]);
  for (const h of ['zlib.h', 'zconf.h']) sh('cp', [join(zDir, h), join(include, h)]);

  log(`building a position-independent libelf.a (${arch}) from Debian's elfutils source`);
  const elfDir = join(work, 'elfutils');
  const elfutils = unpack(src, SOURCES.elfutils, elfDir);
  const configure = ['--disable-debuginfod', '--disable-libdebuginfod', '--without-zstd', '--without-bzlib', '--without-lzma', '--disable-nls'];
  if (host) configure.push(`--host=${host}`);
  const elfEnv = { ...env, CPPFLAGS: `-I${include}`, LDFLAGS: `-L${out}` };
  sh('./configure', configure, { cwd: elfDir, env: elfEnv });
  sh('make', ['-C', 'lib', '-j2'], { cwd: elfDir, env: elfEnv });
  sh('make', ['-C', 'libelf', '-j2', 'libelf.a'], { cwd: elfDir, env: elfEnv });
  sh('cp', [join(elfDir, 'libelf', 'libelf.a'), libelf]);
  for (const h of ['libelf.h', 'gelf.h', 'nlist.h']) sh('cp', [join(elfDir, 'libelf', h), join(include, h)]);

  log(`building a position-independent libbpf.a (${arch}) from Debian's libbpf source`);
  const bpfDir = join(work, 'libbpf');
  const libbpfVersion = unpack(src, SOURCES.libbpf, bpfDir);
  const objDir = join(work, 'libbpf-obj');
  mkdirSync(objDir, { recursive: true });
  const make = ['-C', 'src', '-j2', 'BUILD_STATIC_ONLY=1', `OBJDIR=${objDir}`, `CC=${cc}`, `CFLAGS=${cflags} -I${include}`];
  sh('make', make, { cwd: bpfDir, env });
  sh('make', [...make, 'install_headers', `DESTDIR=${out}`, 'INCLUDEDIR=/include'], { cwd: bpfDir, env });
  sh('cp', [join(objDir, 'libbpf.a'), libbpf]);

  const versions = { libbpf: libbpfVersion, elfutils, zlib };
  writeFileSync(stamp, `${JSON.stringify(versions)}\n`);
  rmSync(work, { recursive: true, force: true });
  return { includeDirs: [include], libs, versions };
}
