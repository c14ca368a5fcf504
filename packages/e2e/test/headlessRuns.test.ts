// Headless runs over the real LocalRunner and the built-in gadgets: a
// trace_exec run that outlives its readers, is listed, read by several
// readers at once, removed with its kernel objects, and started again by a
// new HeadlessRuns over the same state folder (an agent restart).
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { GadgetCatalog, HeadlessRuns, LocalRunner, type RunMessage } from '@gadgetry/runtime';
import { bpfObjectsLeft, newBpfObjects, ownFds } from '../../native-bpf/test/ownKernelObjects.js';
import { eventually, execTrue, marker, readUntil } from './fixtures/headless.js';

const skip = kernelTestGate();
const runner = new LocalRunner(new GadgetCatalog());
const stateRoot = mkdtempSync(join(tmpdir(), 'gadgetry-headless-e2e-'));
afterAll(() => rmSync(stateRoot, { recursive: true, force: true }));

let stateDir: string;
let runs: HeadlessRuns;
let n = 0;
beforeEach(() => {
  stateDir = join(stateRoot, `state-${++n}`);
  runs = new HeadlessRuns(runner, { stateDir });
});
afterEach(async () => {
  await runs.close();
});

const statusOf = async (r: HeadlessRuns, name: string) => (await r.list()).find((s) => s.name === name);

describe.skipIf(skip)('HeadlessRuns over the local runner', () => {
  it('keeps a detached trace_exec run: attach sees an exec made before it (backlog) and after it (live)', async () => {
    const status = await runs.detach({ name: 'execs', gadget: 'trace_exec', params: {}, options: {} });
    expect(status).toMatchObject({ name: 'execs', gadget: 'trace_exec', state: 'running', resumed: 0 });
    expect(readdirSync(stateDir)).toEqual(['execs.json']);
    const before = marker('before');
    execTrue(before);
    // the exec reaches the run while nobody is attached
    expect(await eventually(async () => ((await statusOf(runs, 'execs'))?.events ?? 0) > 0)).toBe(true);
    const abort = new AbortController();
    const stream = runs.attach('execs', { signal: abort.signal });
    const seenBefore = await readUntil(stream, before, abort);
    expect(seenBefore.found).toBe(true);
    expect(seenBefore.messages.find((m) => m.type !== 'log')?.type).toBe('started');
    const after = marker('after');
    const live = new AbortController();
    const liveStream = runs.attach('execs', { signal: live.signal });
    execTrue(after);
    expect((await readUntil(liveStream, after, live)).found).toBe(true);
  });

  it('feeds two attached readers at once; ending one leaves the run going for a later reader', async () => {
    await runs.detach({ name: 'shared', gadget: 'trace_exec', params: {}, options: {} });
    const a = new AbortController();
    const b = new AbortController();
    const first = runs.attach('shared', { signal: a.signal });
    const second = runs.attach('shared', { signal: b.signal });
    const both = marker('both');
    execTrue(both);
    const [seenA, seenB] = await Promise.all([readUntil(first, both, a), readUntil(second, both, b)]);
    expect(seenA.found).toBe(true);
    expect(seenB.found).toBe(true);
    // both readers left (readUntil returned from their loops): the run goes on
    expect((await statusOf(runs, 'shared'))?.state).toBe('running');
    const later = marker('later');
    execTrue(later);
    const c = new AbortController();
    expect((await readUntil(runs.attach('shared', { signal: c.signal }), later, c)).found).toBe(true);
    const status = await statusOf(runs, 'shared');
    expect(status).toMatchObject({ state: 'running', lost: 0 });
    expect(status!.events).toBeGreaterThanOrEqual(2);
  });

  it('goes on while an attached reader reads nothing; that reader is told exactly how much it lost', async () => {
    runs = new HeadlessRuns(runner, { stateDir, readerQueue: { messages: 2 } });
    await runs.detach({ name: 'stalled', gadget: 'trace_exec', params: {}, options: {} });
    const stalled = new AbortController();
    const stalledStream = runs.attach('stalled', { signal: stalled.signal });
    const last = marker('last');
    const pids = new Set<number>();
    // one at a time, so they reach the run in many messages
    for (let i = 0; i < 40; i++) {
      pids.add(execTrue(`${last}-${i}`));
      await new Promise((r) => setTimeout(r, 20));
    }
    const other = new AbortController();
    // another reader sees every one of them: the stalled one held nothing back
    const seen = new Set<number>();
    for await (const m of runs.attach('stalled', { signal: other.signal })) {
      if (m.type === 'events') for (const e of m.events) if (pids.has(e.pid as number)) seen.add(e.pid as number);
      if (seen.size === pids.size) break;
    }
    expect(seen.size).toBe(40);
    // the stalled reader, read at last: what it holds and what it lost add up to the 40 execs
    const mine = new Set<number>();
    let lost = 0;
    setTimeout(() => stalled.abort(), 1500);
    for await (const m of stalledStream) {
      if (m.type === 'events') for (const e of m.events) if (pids.has(e.pid as number)) mine.add(e.pid as number);
      if (m.type === 'lost' && m.reason === 'reader_behind') lost += m.count;
    }
    expect(lost).toBeGreaterThan(0);
    expect(mine.size).toBeLessThan(40);
    // other processes' execs may be among the lost ones, never fewer than ours
    expect(mine.size + lost).toBeGreaterThanOrEqual(40);
    expect((await statusOf(runs, 'stalled'))?.lost).toBe(0);
  });

  it('lists runs sorted by name, running, with events counted', async () => {
    await runs.detach({ name: 'zeta', gadget: 'trace_exec', params: {}, options: {} });
    await runs.detach({ name: 'alpha', gadget: 'trace_exec', params: {}, options: {} });
    execTrue(marker('list'));
    expect(await eventually(async () => (await runs.list()).every((s) => s.events > 0))).toBe(true);
    const list = await runs.list();
    expect(list.map((s) => [s.name, s.state])).toEqual([['alpha', 'running'], ['zeta', 'running']]);
    expect(list[0]).toMatchObject({ gadget: 'trace_exec', resumed: 0, lost: 0, node: runner.node });
  });

  it('refuses a taken name, a bad name and a gadget that cannot start, with their codes', async () => {
    await runs.detach({ name: 'taken', gadget: 'trace_exec', params: {}, options: {} });
    await expect(runs.detach({ name: 'taken', gadget: 'trace_exec', params: {}, options: {} })).rejects.toMatchObject({ code: 'RUN_NAME_TAKEN' });
    await expect(runs.detach({ name: '../taken', gadget: 'trace_exec', params: {}, options: {} })).rejects.toMatchObject({ code: 'RUN_NAME_INVALID' });
    await expect(runs.detach({ name: 'nope', gadget: 'no_such_gadget', params: {}, options: {} })).rejects.toMatchObject({ code: 'GADGET_NOT_FOUND' });
    await expect(runs.detach({ name: 'badparam', gadget: 'trace_exec', params: { 'buffer-kb': 'lots' }, options: {} })).rejects.toMatchObject({ code: 'PARAM_INVALID' });
    expect((await runs.list()).map((s) => s.name)).toEqual(['taken']);
    expect(readdirSync(stateDir)).toEqual(['taken.json']);
    const messages: RunMessage[] = [];
    for await (const m of runs.attach('missing')) messages.push(m);
    expect(messages).toEqual([{ type: 'error', node: runner.node, error: expect.objectContaining({ code: 'RUN_NOT_FOUND' }) }]);
    await expect(runs.remove('missing')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('remove stops the run and releases its BPF objects and fds; its spec is gone', async () => {
    const before = ownFds();
    await runs.detach({ name: 'freed', gadget: 'trace_exec', params: {}, options: {} });
    const loaded = newBpfObjects(before, ownFds());
    expect(loaded.length).toBeGreaterThan(0);
    const reader = new AbortController();
    const open = runs.attach('freed', { signal: reader.signal });
    const gone = await runs.remove('freed');
    expect(gone).toMatchObject({ name: 'freed', state: 'done' });
    // an attached reader sees the end
    const rest: RunMessage[] = [];
    for await (const m of open) rest.push(m);
    expect(rest.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(newBpfObjects(before, ownFds())).toEqual([]);
    expect(ownFds().length).toBe(before.length);
    expect(await bpfObjectsLeft(loaded)).toEqual([]);
    expect(existsSync(join(stateDir, 'freed.json'))).toBe(false);
    expect(await runs.list()).toEqual([]);
  });

  it('an agent restart: close() keeps the spec, a new HeadlessRuns over the state folder resumes the run', async () => {
    const before = ownFds();
    await runs.detach({ name: 'survivor', gadget: 'trace_exec', params: { failed: 'true' }, options: {} });
    await runs.close();
    // the agent stopped: its kernel objects are released, its spec kept
    expect(newBpfObjects(before, ownFds())).toEqual([]);
    expect(readdirSync(stateDir)).toEqual(['survivor.json']);
    runs = new HeadlessRuns(runner, { stateDir });
    const resumed = await runs.resumeSaved();
    expect(resumed).toEqual([expect.objectContaining({ name: 'survivor', state: 'running', resumed: 1, params: { failed: 'true' } })]);
    const abort = new AbortController();
    const stream = runs.attach('survivor', { signal: abort.signal });
    const again = marker('again');
    execTrue(again);
    expect((await readUntil(stream, again, abort)).found).toBe(true);
    expect(await statusOf(runs, 'survivor')).toMatchObject({ state: 'running', resumed: 1 });
    // a second restart counts again
    await runs.close();
    runs = new HeadlessRuns(runner, { stateDir });
    await runs.resumeSaved();
    expect(await statusOf(runs, 'survivor')).toMatchObject({ state: 'running', resumed: 2 });
    // a state folder its group may write is not read: the specs name code that runs as root
    await runs.close();
    chmodSync(stateDir, 0o770);
    runs = new HeadlessRuns(runner, { stateDir });
    await expect(runs.resumeSaved()).rejects.toMatchObject({ code: 'UNTRUSTED_PATH', message: expect.stringContaining('chmod go-w') });
    expect(await runs.list()).toEqual([]);
    chmodSync(stateDir, 0o700);
  });

  it('a run with a timeout ends as done, stays listed, and is not resumed', async () => {
    await runs.detach({ name: 'brief', gadget: 'trace_exec', params: {}, options: { timeoutMs: 500 } });
    expect(await eventually(async () => (await statusOf(runs, 'brief'))?.state === 'done')).toBe(true);
    expect(readdirSync(stateDir)).toEqual([]);
    // attach to an ended run: its messages and its end
    const messages: RunMessage[] = [];
    for await (const m of runs.attach('brief')) messages.push(m);
    expect(messages.at(-1)).toMatchObject({ type: 'done', reason: 'timeout' });
    await runs.close();
    runs = new HeadlessRuns(runner, { stateDir });
    expect(await runs.resumeSaved()).toEqual([]);
    expect(await runs.list()).toEqual([]);
  });

  it('a one-shot snapshot_process run is done at once; attach shows its table', async () => {
    const status = await runs.detach({ name: 'procs', gadget: 'snapshot_process', params: {}, options: {} });
    expect(await eventually(async () => (await statusOf(runs, 'procs'))?.state === 'done')).toBe(true);
    expect(status.name).toBe('procs');
    const messages: RunMessage[] = [];
    for await (const m of runs.attach('procs')) messages.push(m);
    const table = messages.find((m) => m.type === 'table');
    expect(table).toBeDefined();
    expect((table as { events: unknown[] }).events.length).toBeGreaterThan(0);
    expect(messages.at(-1)?.type).toBe('done');
    expect(existsSync(join(stateDir, 'procs.json'))).toBe(false);
  });

  it('after a restart, a spec whose gadget is gone is listed as failed with its error and kept until removed', async () => {
    await runs.detach({ name: 'orphan', gadget: 'trace_exec', params: {}, options: {} });
    await runs.close();
    // the gadget of the saved spec was uninstalled meanwhile
    const path = join(stateDir, 'orphan.json');
    const { readFileSync } = await import('node:fs');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"trace_exec"', '"gone_gadget"'), { mode: 0o600 });
    runs = new HeadlessRuns(runner, { stateDir });
    await runs.resumeSaved();
    expect(await statusOf(runs, 'orphan')).toMatchObject({ state: 'failed', gadget: 'gone_gadget', resumed: 1, error: expect.objectContaining({ code: 'GADGET_NOT_FOUND' }) });
    expect(existsSync(path)).toBe(true);
    await runs.remove('orphan');
    expect(existsSync(path)).toBe(false);
  });
});
