// advise_seccomp through the CLI with a real runc container: the profile it
// writes for the container, put in the config.json of a second run of the
// same workload, lets the workload work and refuses a syscall it never made.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { runRuncContainer, runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { ROOT } from './fixtures/workspace.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

interface Profile {
  defaultAction: string;
  defaultErrnoRet: number;
  architectures: string[];
  syscalls: { names: string[]; action: string }[];
}

const APPLETS = ['ionice', 'mkdir', 'ls'];
// the workload: files written and read back, a directory listed
const WORKLOAD = 'mkdir -p /tmp/work && echo hello > /tmp/work/greeting && cat /tmp/work/greeting && ls /tmp/work';
// ionice -p asks ioprio_get(), which neither the workload nor runc's setup of the container makes
const OUTSIDE = 'ionice -p $$';

describe.skipIf(reason)('advise_seccomp with a real runc container', () => {
  const containers: RuncContainer[] = [];
  afterAll(() => containers.forEach((c) => c.remove()));

  it('records the workload, and the profile it writes runs it again while ioprio_get fails with EPERM', async () => {
    const name = `seccomp-${process.pid}`;
    let started = false;
    // the container is started once the gadget runs: its setup by runc is recorded too
    const r = await runCli(['run', 'advise_seccomp', '--containername', name, '--timeout', '4', '-v'], ROOT, {
      onStderr: (text) => {
        if (started || !text.includes('advise_seccomp: started')) return;
        started = true;
        containers.push(startRuncContainer(name, `${WORKLOAD}; sleep 30`, { applets: APPLETS }));
      },
    });
    expect(started, r.stderr).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    const profile = JSON.parse(r.stdout) as Profile;
    expect(profile).toMatchObject({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, architectures: [process.arch === 'arm64' ? 'SCMP_ARCH_AARCH64' : 'SCMP_ARCH_X86_64'] });
    const names = profile.syscalls.flatMap((s) => s.names);
    expect(names).toEqual(expect.arrayContaining(['execve', 'write', 'mkdir', 'nanosleep']));
    expect(names).not.toContain('ioprio_get');
    containers.splice(0).forEach((c) => c.remove());

    // without a profile the outside call works: what fails below fails because of the profile
    const free = runRuncContainer(`${name}-free`, OUTSIDE, { applets: APPLETS });
    expect(free.status, free.stderr).toBe(0);

    const confined = runRuncContainer(`${name}-confined`, `${WORKLOAD} && echo workload-ok; ${OUTSIDE}; echo "outside=$?"`, { applets: APPLETS, seccomp: profile });
    expect(confined.stdout, confined.stderr).toBe('hello\ngreeting\nworkload-ok\noutside=1\n');
    expect(confined.stderr).toMatch(/ioprio_get: Operation not permitted/);
    expect(confined.status).toBe(0);
  });
});
