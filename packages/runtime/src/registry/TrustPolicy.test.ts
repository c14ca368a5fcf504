import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrustPolicy, invokingOwners } from './TrustPolicy.js';

const skip = process.getuid?.() !== 0 ? 'making files owned by another user needs root' : undefined;
if (skip && process.env.GADGETRY_STRICT === '1') throw new Error(`${skip}, and GADGETRY_STRICT=1 forbids skipping`);

const NOBODY = 65534;
let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'gadgetry-trust-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function dir(path: string, mode = 0o755, uid = 0): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  chownSync(path, uid, 0);
  return path;
}

function file(path: string, mode = 0o644, uid = 0): string {
  writeFileSync(path, 'export default 1;\n');
  chmodSync(path, mode);
  chownSync(path, uid, 0);
  return path;
}

/** base/node_modules/gadget-x/index.js, all owned by root, 0755 / 0644. */
function layout(under = base) {
  const root = dir(join(under, 'node_modules'));
  const pkg = dir(join(root, 'gadget-x'));
  const entry = file(join(pkg, 'index.js'));
  return { root, pkg, entry };
}

const policy = () => new TrustPolicy([0]);

describe.skipIf(skip)('TrustPolicy', () => {
  it('accepts code owned by root and writable only by its owner', () => {
    const { root, pkg, entry } = layout();
    expect(policy().checkPackage(root, pkg, entry)).toBeUndefined();
  });

  it('refuses a search root owned by another user, naming it and what to do', () => {
    const { root, pkg, entry } = layout();
    chownSync(root, NOBODY, 0);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(
      `${root} is owned by uid ${NOBODY}, not root; if you trust what it holds run chown root ${root}, otherwise remove it`,
    );
  });

  it('refuses a package folder writable by group and others, or by its group only', () => {
    const { root, pkg, entry } = layout();
    chmodSync(pkg, 0o777);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(`${pkg} is writable by its group and others (mode 0777); run chmod go-w ${pkg}`);
    chmodSync(pkg, 0o775);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(`${pkg} is writable by its group (mode 0775); run chmod go-w ${pkg}`);
  });

  it('refuses a writable entry file, and one that is not a regular file', () => {
    const { root, pkg, entry } = layout();
    chmodSync(entry, 0o646);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(`${entry} is writable by others (mode 0646); run chmod go-w ${entry}`);
    rmSync(entry);
    execFileSync('mkfifo', [entry]);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(`${entry} is not a regular file; reinstall the package`);
  });

  it('checks the entry after resolving symlinks', () => {
    const { root, pkg, entry } = layout();
    const elsewhere = dir(join(base, 'elsewhere'), 0o755, NOBODY);
    const real = file(join(elsewhere, 'real.js'));
    rmSync(entry);
    symlinkSync(real, entry);
    expect(policy().checkPackage(root, pkg, entry)?.message).toMatch(new RegExp(`^${elsewhere} is owned by uid ${NOBODY}, not root;`));
  });

  it('refuses code under a world-writable folder that is not sticky', () => {
    const shared = dir(join(base, 'shared'), 0o777);
    const { root, pkg, entry } = layout(shared);
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(
      `${shared} is writable by its group and others (mode 0777) and not sticky, and it is above code that runs as root; run chmod go-w ${shared}`,
    );
  });

  it('accepts code under a sticky world-writable folder when what it holds is owned by root', () => {
    const shared = dir(join(base, 'shared'), 0o1777);
    const { root, pkg, entry } = layout(shared);
    expect(policy().checkPackage(root, pkg, entry)).toBeUndefined();
    chownSync(root, NOBODY, 0);
    expect(policy().checkPackage(root, pkg, entry)?.message).toMatch(new RegExp(`^${root} is owned by uid ${NOBODY}`));
  });

  it('gives no sticky exception inside the search root or the package', () => {
    const root = dir(join(base, 'node_modules'));
    dir(join(root, '@acme'), 0o1777);
    const pkg = dir(join(root, '@acme', 'gadget-x'));
    const entry = file(join(pkg, 'index.js'));
    expect(policy().checkPackage(root, pkg, entry)?.message).toBe(`${root}/@acme is writable by its group and others (mode 1777); run chmod go-w ${root}/@acme`);
    chmodSync(join(root, '@acme'), 0o755);
    dir(join(pkg, 'dist'), 0o1777);
    const inDist = file(join(pkg, 'dist', 'index.js'));
    expect(policy().checkPackage(root, pkg, inDist)?.message).toMatch(/dist is writable by its group and others \(mode 1777\); run chmod go-w/);
  });

  it('refuses a path that does not exist', () => {
    const { root, pkg } = layout();
    expect(policy().checkPackage(root, pkg, join(pkg, 'missing.js'))?.message).toBe(`${join(pkg, 'missing.js')} cannot be resolved (ENOENT); reinstall the package`);
  });

  it('trusts the user who ran sudo, besides root', () => {
    expect(invokingOwners({ SUDO_UID: '1234' })).toContain(1234);
    expect(invokingOwners({ SUDO_UID: 'x' })).toEqual([0]);
    const { root, pkg, entry } = layout();
    chownSync(pkg, 1234, 0);
    expect(new TrustPolicy(invokingOwners({ SUDO_UID: '1234' })).checkPackage(root, pkg, entry)).toBeUndefined();
    expect(new TrustPolicy(invokingOwners({})).checkPackage(root, pkg, entry)?.message).toMatch(/is owned by uid 1234, not root;/);
  });
});
