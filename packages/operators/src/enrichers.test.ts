import { realpathSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Type, defineGadget, type GadgetContext } from '@gadgetry/sdk';
import { containerOperator } from './container.js';
import { mountNsOf } from './containers/processNamespaces.js';
import { filterOperator } from './filter.js';
import { processOperator } from './process.js';
import { userOperator } from './user.js';
import { testRun } from './testRun.fixture.js';

const gadget = defineGadget({
  name: 'fake',
  description: 'fields of every kind the enrichers read',
  category: 'trace',
  type: 'trace',
  params: Type.Object({}),
  event: Type.Object({
    pid: Type.Integer({ kind: 'pid' }),
    ppid: Type.Integer({ kind: 'ppid' }),
    uid: Type.Integer({ kind: 'uid' }),
    gid: Type.Integer({ kind: 'gid', hidden: true }),
    mntnsId: Type.Integer({ kind: 'mntns' }),
  }),
  instantiate: () => ({ init() {} }),
});
const ctx: GadgetContext = { id: 't', gadgetName: 'fake', signal: new AbortController().signal, params: {}, logger: console, timeoutMs: 0 };
const noKinds = defineGadget({ ...gadget, event: Type.Object({ n: Type.Integer() }), instantiate: () => ({ init() {} }) });

describe('user enricher', () => {
  it('adds user and group names beside the uid and gid fields', async () => {
    const op = await userOperator.instantiate(ctx, gadget.instantiate(), {}, gadget, testRun(gadget, []));
    const ev: Record<string, unknown> = { uid: 0, gid: 0 };
    op.enrichEvent!(ev);
    expect(ev).toMatchObject({ user: 'root', group: 'root' });
    expect(userOperator.fields!(gadget).map((f) => [f.name, f.after, (f.schema as { hidden?: boolean }).hidden])).toEqual([
      ['user', 'uid', false],
      ['group', 'gid', true],
    ]);
    expect(userOperator.canOperateOn(noKinds)).toBe(false);
  });
});

describe('process enricher', () => {
  it('adds the executable and parent command of a live process', async () => {
    const op = await processOperator.instantiate(ctx, gadget.instantiate(), {}, gadget, testRun(gadget, []));
    const ev: Record<string, unknown> = { pid: process.pid, ppid: process.ppid };
    op.enrichEvent!(ev);
    expect(ev.exe).toBe(realpathSync(process.execPath));
    expect(ev.pcomm).toBe(readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim());
  });

  it('gives empty strings for a process that is gone', async () => {
    const op = await processOperator.instantiate(ctx, gadget.instantiate(), {}, gadget, testRun(gadget, []));
    const ev: Record<string, unknown> = { pid: 999_999_9, ppid: 999_999_8 };
    op.enrichEvent!(ev);
    expect(ev).toMatchObject({ exe: '', pcomm: '' });
  });

  it("takes a parent's name from the events the kernel reported for it, before /proc", async () => {
    const withComm = defineGadget({ ...gadget, event: Type.Object({ ...gadget.event.properties, comm: Type.String({ kind: 'comm' }) }), instantiate: () => ({ init() {} }) });
    const op = await processOperator.instantiate(ctx, withComm.instantiate(), {}, withComm, testRun(withComm, []));
    // a parent that is gone from /proc by now: only its own event knew its name
    const parent: Record<string, unknown> = { pid: 999_999_8, ppid: process.pid, comm: 'launcher' };
    op.enrichEvent!(parent);
    const child: Record<string, unknown> = { pid: 999_999_7, ppid: 999_999_8, comm: 'true' };
    op.enrichEvent!(child);
    expect(child).toMatchObject({ exe: '', pcomm: 'launcher' });
    // and a live process's own event still reads its parent from /proc
    expect(parent.pcomm).toBe(readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim());
  });
});

describe('container operator', () => {
  it('names host events with an empty container', async () => {
    const op = await containerOperator.instantiate(ctx, gadget.instantiate(), { host: false }, gadget, testRun(gadget, []));
    const ev: Record<string, unknown> = { mntnsId: 1 };
    op.enrichEvent!(ev);
    expect(ev).toMatchObject({ container: '', containerId: '', runtime: '' });
    op.postGadgetRun?.();
  });

  it('refuses --containername for a gadget that cannot filter in the kernel', async () => {
    const op = await containerOperator.instantiate(ctx, gadget.instantiate(), { containername: 'web', host: false }, gadget, testRun(gadget, []));
    let err: unknown;
    try {
      await op.preGadgetRun!();
    } catch (e) {
      err = e;
    }
    op.postGadgetRun?.();
    expect((err as { code: string }).code).toBe('FILTER_UNSUPPORTED');
    expect((err as Error).message).toBe('gadget "fake" cannot filter by container in the kernel (it does not implement setMountNsFilter)');
  });

  it('refuses an empty --containername, or an empty name in it, instead of filtering nothing', async () => {
    const instance = { init() {}, setMountNsFilter: () => {} };
    for (const [containername, message] of [
      ['', 'empty --containername; give container names separated by commas (see gadgetry list-containers)'],
      [' ', 'empty --containername; give container names separated by commas (see gadgetry list-containers)'],
      ['web,', 'empty name in --containername "web,"; give container names separated by commas (see gadgetry list-containers)'],
    ] as const) {
      let err: unknown;
      try {
        await containerOperator.instantiate(ctx, instance, { containername, host: false }, gadget, testRun(gadget, []));
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string } | undefined)?.code, JSON.stringify(containername)).toBe('PARAM_INVALID');
      expect((err as Error).message).toBe(message);
    }
  });

  it('hands a filtering gadget the mount namespaces of the named containers', async () => {
    let given: { ids(): number[] } | undefined;
    const instance = { init() {}, setMountNsFilter: (f: { ids(): number[] }) => (given = f) };
    const op = await containerOperator.instantiate(ctx, instance, { containername: 'absent', host: true }, gadget, testRun(gadget, []));
    await op.preGadgetRun!();
    op.postGadgetRun?.();
    // no container is named "absent": only the host's namespace is kept
    expect(given!.ids()).toEqual([mountNsOf(1) || mountNsOf(process.pid)]);
    expect(given!.ids()[0]).toBeGreaterThan(0);
  });
});

describe('filter operator', () => {
  it('accepts fields the enrichers add', async () => {
    const run = testRun(gadget, [userOperator, processOperator, containerOperator, filterOperator]);
    const op = await filterOperator.instantiate(ctx, gadget.instantiate(), { filter: 'user:root,container:' }, gadget, run);
    expect(op.enrichEvent!({ user: 'root', container: '' })).toBe(true);
    expect(op.enrichEvent!({ user: 'bob', container: '' })).toBe(false);
  });

  it('refuses an empty --filter instead of keeping every event', async () => {
    for (const filter of ['', ',']) {
      await expect(async () => filterOperator.instantiate(ctx, gadget.instantiate(), { filter }, gadget, testRun(gadget, [])), JSON.stringify(filter)).rejects.toThrow(/^empty/);
    }
  });

});
