#!/usr/bin/env node
// Builds build/gadgetry_bpf.node with g++ against the system libbpf (pkg-config).
// Run explicitly (npm run build); nothing is compiled at install time.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeErrorCodesHeader } from './errorCodesHeader.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(pkg, 'native');
const out = join(pkg, 'build');
const objDir = join(out, 'obj');
const generated = join(out, 'generated');
const target = join(out, 'gadgetry_bpf.node');

function fail(message) {
  console.error(`native-bpf: ${message}`);
  process.exit(1);
}

function which(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

if (!which('g++')) fail('g++ is missing; install it with: apt-get install g++ make');
if (!which('pkg-config')) fail('pkg-config is missing; install it with: apt-get install pkg-config');
let libbpf;
try {
  libbpf = execFileSync('pkg-config', ['--cflags', '--libs', 'libbpf'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
} catch {
  fail('libbpf development files are missing; install them with: apt-get install libbpf-dev libelf-dev zlib1g-dev');
}

// Node-API headers: the running Node's own, else the distribution's.
const nodeIncludes = [join(dirname(dirname(realpathSync(process.execPath))), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const nodeInclude = nodeIncludes.find((d) => existsSync(join(d, 'node_api.h')));
if (!nodeInclude) fail(`node_api.h not found in ${nodeIncludes.join(', ')}; install Node's headers (apt-get install libnode-dev)`);
const addonApi = dirname(createRequire(import.meta.url).resolve('node-addon-api/package.json'));

const flags = ['-std=c++17', '-O2', '-fPIC', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Wno-missing-field-initializers',
  '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS', '-DNODE_ADDON_API_DISABLE_DEPRECATED',
  // An environment that is shutting down cannot take a thrown error: drop it instead of aborting.
  '-DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS',
  `-I${nodeInclude}`, `-I${addonApi}`, `-I${generated}`];

mkdirSync(objDir, { recursive: true });
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
    const p = spawn('g++', [...flags, ...libbpf.filter((f) => f.startsWith('-I')), '-c', join(src, file), '-o', obj], { stdio: 'inherit' });
    p.on('close', (code) => (code === 0 ? resolve(obj) : reject(new Error(`g++ failed on ${file}`))));
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
execFileSync('g++', ['-shared', '-s', '-o', target, ...objects, ...libbpf.filter((f) => !f.startsWith('-I')), '-lelf', '-lz'], { stdio: 'inherit' });
console.log(`native-bpf: built ${target}`);
