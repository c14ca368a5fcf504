// A container started while a gadget runs is named from its first event:
// the container operator looks up a mount namespace it does not know when
// an event brings it, rather than waiting for its next scan (every second).
import { readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runcUnavailable, startRuncContainer, type RuncContainer } from './fixtures/runcContainer.js';
import { cliRun } from './fixtures/cliRun.js';

const reason = runcUnavailable();
if (reason && process.env.GADGETRY_STRICT === '1') throw new Error(`${reason}, and GADGETRY_STRICT=1 forbids skipping the container tests`);

describe.skipIf(reason)('a container that acts at once after it starts', () => {
  let ctr: RuncContainer | undefined;
  afterEach(() => ctr?.remove());

  it('is named on its first events (trace_exec: the runtime execs its shell)', async () => {
    const name = `late-${process.pid}`;
    let mntns = 0;
    const run = await cliRun(['trace_exec', '--comm', 'sh,sleep', '-o', 'json'], () => {
      // started once the gadget is attached: the container did not exist at the operator's last scan
      ctr = startRuncContainer(name, 'exec sleep 30');
      mntns = Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${ctr.pid}/ns/mnt`))![1]);
    }, 300);
    expect(run.caused, run.stderr).toBe(true);
    const inside = run.events.filter((e) => e.mntnsId === mntns);
    // runc's init becomes sh (busybox may run sleep without another exec): the container's first event
    expect(inside.map((e) => (e.args as string[])[0]), run.stdout).toContain('sh');
    for (const e of inside) expect(e, 'an event of the container without its name').toMatchObject({ container: name, runtime: 'runc' });
  });
});
