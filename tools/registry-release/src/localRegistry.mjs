// A real npm registry on 127.0.0.1 for trying the release flow: Verdaccio,
// pinned in ./verdaccio (installed there on first use), its storage in a
// folder of the caller's. Gadgetry's own scopes are local only; everything
// else is proxied to the npm registry, as a user's install would fetch it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERDACCIO_DIR = join(dirname(dirname(fileURLToPath(import.meta.url))), 'verdaccio');
/** Package names served from local storage only, never looked up upstream. */
export const LOCAL_PACKAGES = ['gadgetry', '@gadgetry/*', '@acme/*'];

/** Installs the pinned Verdaccio (once) and returns its start script. */
export function verdaccioBin() {
  const bin = join(VERDACCIO_DIR, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (!existsSync(bin)) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--workspaces=false', '--prefix', VERDACCIO_DIR], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function config(dir) {
  const local = LOCAL_PACKAGES.map((p) => `  '${p}':\n    access: $all\n    publish: $authenticated\n    unpublish: $authenticated\n`).join('');
  return `# written by tools/registry-release/src/localRegistry.mjs
storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
max_body_size: 100mb
packages:
${local}  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
logs: { type: file, path: ${join(dir, 'verdaccio.log')}, format: pretty, level: warn }
`;
}

async function waitUntilUp(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with status ${child.exitCode} before it answered`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio did not answer on ${url} within the time allowed`);
}

/** Registers a user and returns its token (what npm login would store). */
async function addUser(url, name, password) {
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = await res.json();
  if (!res.ok || !body.token) throw new Error(`cannot create the registry user: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * Starts Verdaccio on 127.0.0.1 with its storage, config and log under `dir`,
 * creates a publishing user and writes `dir/npmrc` pointing npm at it.
 * @returns {Promise<{ url: string, npmrc: string, token: string, log: string, stop: () => Promise<void> }>}
 */
export async function startLocalRegistry(dir, { timeoutMs = 60_000 } = {}) {
  const bin = verdaccioBin();
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [bin, '--config', configPath, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // its warning about running as root is not ours to print
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    await waitUntilUp(url, child, Date.now() + timeoutMs);
    const token = await addUser(url, 'gadgetry-release', `pw-${process.pid}-${port}`);
    const npmrc = join(dir, 'npmrc');
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`);
    return { url, npmrc, token, log: join(dir, 'verdaccio.log'), stop };
  } catch (err) {
    await stop();
    throw new Error(`${err.message}${stderr ? `\n${stderr}` : ''}`);
  }
}

/** The environment for npm against the registry: its own HOME, npmrc, cache and global prefix, nothing of the caller's npm config. */
export function npmEnv(registry, { home, prefix, cache }) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|node_options$)/i.test(k)) env[k] = v; // neither the caller's npm config nor its node flags
  return {
    ...env,
    HOME: home,
    npm_config_userconfig: registry.npmrc,
    npm_config_globalconfig: join(home, 'no-global-npmrc'),
    npm_config_registry: registry.url,
    npm_config_prefix: prefix,
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
}
