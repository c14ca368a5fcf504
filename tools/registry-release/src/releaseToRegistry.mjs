// The repository's release, made against a registry: on a copy of the
// workspace (so the checkout is left as it is), `changeset version`, the SDK
// ranges synced, then `changeset publish` of every public package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { syncSdkRanges } from './syncSdkRanges.mjs';
import { workspacePackages } from './workspacePackages.mjs';

/** What is not copied: dependencies (linked instead), caches, the native build's intermediate files. */
const EXCLUDED = ['./node_modules', '*/node_modules', './.nx', './.git', './packages/native-bpf/build', '*/test-results.json'];

function run(cmd, args, opts) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${err.status}) in ${opts.cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** The files a package's manifest points at (main, types, bins, the gadgetry entry) that are not there. */
export function missingEntryFiles(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  const named = [pkg.main, pkg.types, ...bins, pkg.gadgetry?.entry].filter((f) => typeof f === 'string');
  return named.filter((f) => !existsSync(join(dir, f))).map((f) => `${pkg.name}: ${f}`);
}

/**
 * Copies the built workspace at `root` to `work`, versions it with the
 * pending changesets and publishes every public package to the registry
 * `npmrc` points at. Returns the packages published, name and version.
 * @param {{ root: string, work: string, env: NodeJS.ProcessEnv, log?: (line: string) => void }} o
 *   env: npm's environment for the registry (see npmEnv)
 */
export function releaseToRegistry({ root, work, env, log = () => {} }) {
  mkdirSync(work, { recursive: true });
  log(`copying the workspace to ${work}`);
  execFileSync('sh', ['-c', `tar -C "$0" ${EXCLUDED.map((e) => `--exclude='${e}'`).join(' ')} -cf - . | tar -C "$1" -xf -`, root, work]);
  // changesets loads its changelog generator from the workspace's dependencies
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  // changeset publish tags each release in git, as it would in CI
  const git = { ...env, GIT_AUTHOR_NAME: 'release', GIT_AUTHOR_EMAIL: 'release@localhost', GIT_COMMITTER_NAME: 'release', GIT_COMMITTER_EMAIL: 'release@localhost' };
  run('git', ['init', '-q', '-b', 'main'], { cwd: work, env: git });
  run('git', ['add', '-A'], { cwd: work, env: git });
  run('git', ['commit', '-q', '-m', 'before release'], { cwd: work, env: git });

  const changeset = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
  log('changeset version');
  run(process.execPath, [changeset, 'version'], { cwd: work, env: git });
  const packages = workspacePackages(work);
  const synced = syncSdkRanges(work, packages.map((p) => p.dir));
  for (const s of synced) log(`${s.name}: gadgetry.sdk ${s.from} -> ${s.to}`);
  run('git', ['commit', '-q', '-a', '-m', 'release'], { cwd: work, env: git });

  const missing = packages.filter((p) => !p.private).flatMap((p) => missingEntryFiles(join(work, p.dir)));
  if (missing.length) throw new Error(`not built, so not published: ${missing.join(', ')}; run npm run build first`);
  log('changeset publish');
  const out = run(process.execPath, [changeset, 'publish'], { cwd: work, env: git });
  const published = packages.filter((p) => !p.private).map((p) => ({ name: p.name, version: p.version, dir: join(work, p.dir) }));
  return { published, output: out };
}
