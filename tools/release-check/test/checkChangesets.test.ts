import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const CHECK = resolve(here, '../bin/check-changesets.mjs');
const CHANGESET_BIN = resolve(here, '../../../node_modules/.bin/changeset');
let repo: string;

const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'pipe' });
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const check = () => spawnSync(process.execPath, [CHECK, repo], { encoding: 'utf8' });
const pkg = (name: string) => `${JSON.stringify({ name, version: '1.0.0' })}\n`;

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'changesets-'));
  git('init', '-q', '-b', 'main');
  write('package.json', JSON.stringify({ name: 'root', private: true, workspaces: ['gadgets/*'] }));
  write('.changeset/config.json', JSON.stringify({ changelog: false, commit: false, access: 'public', baseBranch: 'main' }));
  write('gadgets/one/package.json', pkg('gadget-one'));
  write('gadgets/one/src/index.ts', 'export {};\n');
  write('gadgets/two/package.json', pkg('gadget-two'));
  write('gadgets/two/src/index.ts', 'export {};\n');
  write('gadgets/one/CHANGELOG.md', '# gadget-one\n');
  git('add', '-A');
  git('commit', '-qm', 'release');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('check-changesets', () => {
  it('fails when a package\'s source changed without a changeset, naming it', () => {
    write('gadgets/one/src/index.ts', 'export const x = 1;\n');
    const r = check();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('changesets: gadget-one changed (src/index.ts) but no changeset names it; run: npx changeset\n');
  });

  it('passes once a changeset names the package', () => {
    write('gadgets/one/src/index.ts', 'export const x = 1;\n');
    write('.changeset/one.md', '---\n"gadget-one": minor\n---\n\nAdds x.\n');
    expect(check().status).toBe(0);
  });

  it('ignores test-only changes', () => {
    write('gadgets/one/src/index.test.ts', 'test\n');
    expect(check().status).toBe(0);
  });

  it('changeset version bumps only the packages that changed', () => {
    write('gadgets/one/src/index.ts', 'export const x = 1;\n');
    write('.changeset/one.md', '---\n"gadget-one": minor\n---\n\nAdds x.\n');
    git('add', '-A');
    git('commit', '-qm', 'change one');
    execFileSync(CHANGESET_BIN, ['version'], { cwd: repo, stdio: 'pipe' });
    const version = (p: string) => (JSON.parse(readFileSync(join(repo, p), 'utf8')) as { version: string }).version;
    expect(version('gadgets/one/package.json')).toBe('1.1.0');
    expect(version('gadgets/two/package.json')).toBe('1.0.0');
    expect(existsSync(join(repo, '.changeset/one.md'))).toBe(false); // consumed by the release
  });
});
