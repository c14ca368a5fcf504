#!/usr/bin/env node
// Releases the built workspace to a real npm registry on 127.0.0.1 and keeps
// it up to try the packages as a user would (see docs/releasing.md):
//
//   npm run build && node tools/registry-release/bin/local-registry.mjs [--dir DIR] [--exit]
//
// --dir  where Verdaccio keeps its storage, config and log (default: a new temp folder)
// --exit stop once everything is published (a check that the release goes through)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { npmEnv, startLocalRegistry } from '../src/localRegistry.mjs';
import { releaseToRegistry } from '../src/releaseToRegistry.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let opts;
try {
  opts = parseArgs({ options: { dir: { type: 'string' }, exit: { type: 'boolean' } } }).values;
} catch (err) {
  console.error(`local-registry: ${err.message}; usage: local-registry.mjs [--dir DIR] [--exit]`);
  process.exit(2);
}
const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), 'gadgetry-registry-')));
mkdirSync(dir, { recursive: true });
const say = (line) => console.log(`local-registry: ${line}`);

const registry = await startLocalRegistry(join(dir, 'verdaccio'));
say(`Verdaccio at ${registry.url} (storage and log in ${join(dir, 'verdaccio')})`);
const home = join(dir, 'home');
mkdirSync(home, { recursive: true });
const env = npmEnv(registry, { home, prefix: join(dir, 'prefix'), cache: join(home, '.npm') });
try {
  const { published } = releaseToRegistry({ root: ROOT, work: join(dir, 'release'), env, log: say });
  say(`published ${published.map((p) => `${p.name}@${p.version}`).join(', ')}`);
} catch (err) {
  console.error(`local-registry: the release failed: ${err.message}`);
  await registry.stop();
  process.exit(1);
}
if (opts.exit) {
  await registry.stop();
  if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
say(`try it from any folder (Ctrl-C stops the registry):
  export npm_config_registry=${registry.url}
  npm install -g --prefix ${join(dir, 'prefix')} gadgetry && ${join(dir, 'prefix', 'bin', 'gadgetry')} run trace_exec
  npx gadgetry list
  npm create @gadgetry/gadget -- --name trace_mine
  (to publish, use the token in ${registry.npmrc}: npm_config_userconfig=${registry.npmrc})`);
const stop = async () => {
  await registry.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
