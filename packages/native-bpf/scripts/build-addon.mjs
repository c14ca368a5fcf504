#!/usr/bin/env node
// Builds the native addon. Nothing runs this at install time.
//
//   node scripts/build-addon.mjs --prebuild [--arch arm64]
//       what is published: prebuilds/linux-<arch>/gadgetry_bpf.node with libbpf,
//       libelf, zlib and the C++ runtime linked in (needs only glibc on the host).
//   node scripts/build-addon.mjs
//       a source build on this host, against its own libbpf (pkg-config):
//       build/gadgetry_bpf.node, which the loader prefers to a prebuilt binary.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeErrorCodesHeader } from './errorCodesHeader.mjs';
import { staticLibs } from './staticLibs.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(pkg, 'native');
const out = join(pkg, 'build');
const generated = join(out, 'generated');
const SOURCE_BUILD = join(out, 'gadgetry_bpf.node');

/** Cross compilers for the architectures a prebuilt binary can be made for from an x64 host. */
const CROSS = { arm64: { prefix: 'aarch64-linux-gnu-', host: 'aarch64-linux-gnu' } };

function fail(message) {
  console.error(`native-bpf: ${message}`);
  process.exit(1);
}

function which(cmd) {
  try {
    execFileSync('sh', ['-c', 'command -v "$0"', cmd], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

let opts;
try {
  opts = parseArgs({ options: { prebuild: { type: 'boolean' }, arch: { type: 'string' } } }).values;
} catch (err) {
  fail(`${err.message}; usage: build-addon.mjs [--prebuild [--arch x64|arm64]]`);
}
const arch = opts.arch ?? process.arch;
if (opts.arch && !opts.prebuild) fail('--arch is for --prebuild only');
const cross = arch === process.arch ? undefined : CROSS[arch];
if (arch !== process.arch && !cross) fail(`cannot cross-build for ${arch} from ${process.arch}; known: ${Object.keys(CROSS).join(', ')}`);
const cxx = cross ? `${cross.prefix}g++` : 'g++';
const cc = cross ? `${cross.prefix}gcc` : 'gcc';

if (!which(cxx)) fail(`${cxx} is missing; install it with: apt-get install ${cross ? `g++-${cross.host}` : 'g++ make'}`);

// Node-API headers: the running Node's own, else the distribution's.
const nodeIncludes = [join(dirname(dirname(realpathSync(process.execPath))), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const nodeInclude = nodeIncludes.find((d) => existsSync(join(d, 'node_api.h')));
if (!nodeInclude) fail(`node_api.h not found in ${nodeIncludes.join(', ')}; install Node's headers (apt-get install libnode-dev)`);
let addonApi;
try {
  addonApi = dirname(createRequire(import.meta.url).resolve('node-addon-api/package.json'));
} catch {
  fail('node-addon-api is missing; install it next to this package: npm install node-addon-api');
}

let includeDirs;
let link;
let target;
if (opts.prebuild) {
  if (!which('make')) fail('make is missing; install it with: apt-get install make');
  let libs;
  try {
    libs = staticLibs({ cacheDir: join(out, 'static'), arch, cc, host: cross?.host, log: (l) => console.log(`native-bpf: ${l}`) });
  } catch (err) {
    fail(`cannot build the static libbpf and libelf: ${err.stderr?.toString().trim().split('\n').slice(-3).join(' ') || err.message}`);
  }
  includeDirs = libs.includeDirs;
  // everything but glibc inside the addon, and none of its symbols exported
  link = [...libs.libs, '-static-libstdc++', '-static-libgcc', '-Wl,--exclude-libs,ALL'];
  target = join(pkg, 'prebuilds', `linux-${arch}`, 'gadgetry_bpf.node');
} else {
  if (!which('pkg-config')) fail('pkg-config is missing; install it with: apt-get install pkg-config');
  let libbpf;
  try {
    libbpf = execFileSync('pkg-config', ['--cflags', '--libs', 'libbpf'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
  } catch {
    fail('libbpf development files are missing; install them with: apt-get install libbpf-dev libelf-dev zlib1g-dev');
  }
  includeDirs = libbpf.filter((f) => f.startsWith('-I')).map((f) => f.slice(2));
  link = [...libbpf.filter((f) => !f.startsWith('-I')), '-lelf', '-lz'];
  target = SOURCE_BUILD;
}
const objDir = join(out, opts.prebuild ? `obj-${arch}-static` : 'obj');

const flags = ['-std=c++17', '-O2', '-fPIC', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Wno-missing-field-initializers',
  '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED',
  // An environment that is shutting down cannot take a thrown error: drop it instead of aborting.
  '-DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS',
  ...includeDirs.map((d) => `-I${d}`), `-I${nodeInclude}`, `-I${addonApi}`, `-I${generated}`];

mkdirSync(objDir, { recursive: true });
mkdirSync(dirname(target), { recursive: true });
// The addon's error codes are @gadgetry/errors' list: a code not in it does not compile.
let errorCodes;
try {
  ({ ERROR_CODES: errorCodes } = await import('@gadgetry/errors'));
} catch (err) {
  fail(`cannot read the error codes of @gadgetry/errors (${err.message}); build it first: npm run build -w @gadgetry/errors`);
}
writeErrorCodesHeader(join(generated, 'ErrorCodes.h'), Object.keys(errorCodes));
const sources = readdirSync(src).filter((f) => f.endsWith('.cc'));
const headers = [...readdirSync(src).filter((f) => f.endsWith('.h')).map((f) => join(src, f)), join(generated, 'ErrorCodes.h')];
const newestHeader = Math.max(...headers.map((f) => statSync(f).mtimeMs));

function compile(file) {
  const obj = join(objDir, file.replace(/\.cc$/, '.o'));
  if (existsSync(obj)) {
    const built = statSync(obj).mtimeMs;
    if (built > statSync(join(src, file)).mtimeMs && built > newestHeader) return Promise.resolve(obj);
  }
  return new Promise((resolve, reject) => {
    const p = spawn(cxx, [...flags, '-c', join(src, file), '-o', obj], { stdio: 'inherit' });
    p.on('close', (code) => (code === 0 ? resolve(obj) : reject(new Error(`${cxx} failed on ${file}`))));
  });
}

// Two at a time: the machines this runs on have two cores.
const objects = [];
const queue = [...sources];
async function worker() {
  while (queue.length) objects.push(await compile(queue.shift()));
}
try {
  await Promise.all([worker(), worker()]);
} catch (err) {
  fail(err.message);
}
try {
  execFileSync(cxx, ['-shared', '-s', '-o', target, ...objects.sort(), ...link], { stdio: 'inherit' });
} catch {
  fail(`linking ${target} failed (see above)`);
}
// A source build left from before would be loaded instead of the prebuilt binary.
if (opts.prebuild && arch === process.arch) rmSync(SOURCE_BUILD, { force: true });
console.log(`native-bpf: built ${target}`);
