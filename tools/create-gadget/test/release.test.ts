// A scaffolded gadget released with changesets, outside any git repository:
// status works, and the first version is 0.1.0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'tools/create-gadget/bin/create-gadgetry-gadget.mjs');
const CHANGESET = join(ROOT, 'node_modules/@changesets/cli/bin.js');
const work = mkdtempSync(join(tmpdir(), 'gadgetry-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// as on a fresh machine: no git identity, no repository around the folder
const env: NodeJS.ProcessEnv = { ...process.env, HOME: work, GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: work, FORCE_COLOR: '0' };
for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_DIR']) delete env[k];

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  // changesets colours its output when a test runner asks for colour
  const plain = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, '');
  return { status: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

describe('a new gadget outside any git repository', () => {
  it('gets a repository with a first commit, changeset status works, and changeset version makes the first release 0.1.0', () => {
    const dir = join(work, 'gadget-rel_one');
    const made = run(process.execPath, [BIN, '--name', 'rel_one', '--yes', '--dir', dir], work);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('initialized a git repository (branch main) with a first commit');
    expect(run('git', ['log', '--format=%an: %s'], dir).stdout.trim()).toBe('create-gadgetry-gadget: New gadget from @gadgetry/create-gadget');
    // changesets and its changelog generator, as the package's own devDependencies would provide them
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));

    const status = run(process.execPath, [CHANGESET, 'status'], dir);
    expect(status.status, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Packages to be bumped at minor:[\s\S]*gadget-rel_one/);

    const version = run(process.execPath, [CHANGESET, 'version'], dir);
    expect(version.status, version.stdout + version.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('0.1.0');
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(/## 0\.1\.0\s+### Minor Changes\s+- [^\n]*First release of the rel_one gadget/);
  });

  it('--no-git leaves git alone', () => {
    const dir = join(work, 'gadget-rel_two');
    const made = run(process.execPath, [BIN, '--name', 'rel_two', '--yes', '--no-git', '--dir', dir], work);
    expect(made.status, made.stderr).toBe(0);
    expect(run('git', ['rev-parse', '--is-inside-work-tree'], dir).status).not.toBe(0);
  });
});
