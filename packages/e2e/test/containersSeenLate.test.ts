// A container started while a gadget runs is named from its first event:
// the container operator looks up a mount namespace it does not know when
// an event brings it, and learns of it from its inotify watch on runc's state
// folder, rather than waiting for its next full scan (every 30 s).
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

  it('gets through a --containername filter in the kernel as soon as runc creates it (the watch, not a rescan)', async () => {
    const name = `late-filter-${process.pid}`;
    // ten marks, one every 100 ms from the start: a filter updated by a once-a-second
    // scan would let the early ones be dropped in the kernel
    const script = 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.1; cat /etc/mark$i 2>/dev/null; done; exec sleep 30';
    const run = await cliRun(['trace_exec', '--containername', name, '-o', 'json'], () => {
      ctr = startRuncContainer(name, script);
    }, 1800);
    expect(run.caused, run.stderr).toBe(true);
    const marks = run.events.map((e) => (e.args as string[]).join(' ')).filter((a) => a.startsWith('cat /etc/mark'));
    // from the second on (200 ms after the start): the first may race the watch on a loaded machine
    for (let i = 2; i <= 10; i++) expect(marks, run.stdout).toContain(`cat /etc/mark${i}`);
    for (const e of run.events) expect(e).toMatchObject({ container: name, runtime: 'runc' });
  });
});
