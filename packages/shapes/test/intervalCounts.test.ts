// Interval counts are exact: a child process makes a known number of write()
// calls of known sizes, as fast as it can, across dozens of 10 ms intervals;
// the tables mapIntervalGadget emits add up to exactly that. Read the old
// way (read every entry, then delete it), the writes in between are lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection, kernelTestGate, prepareKernel } from '@gadgetry/native-bpf';
import { Type } from '@gadgetry/sdk';
import { mapIntervalGadget } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'write_counter.bpf.o');
const WRITES = 500_000;
const FDS = 8;
const INTERVAL_S = 0.01;
/** Each write's size: 1 to 13 bytes, so bytes are checked apart from calls. */
const size = (i: number) => (i % 13) + 1;
const EXPECTED_BYTES = Array.from({ length: WRITES }, (_, i) => size(i)).reduce((a, b) => a + b, 0);

const row = Type.Object({ writes: Type.Integer(), bytes: Type.Integer(), pid: Type.Integer(), fd: Type.Integer() });
type Row = { writes: number; bytes: number; pid: number; fd: number };

const children: ChildProcess[] = [];
const open: { close(): void }[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const x of open.splice(0)) x.close();
});

/**
 * A child that, told to go, writes `writes` times to FDS fds of /dev/null,
 * round robin, then exits. Only those fds count: Node writes elsewhere too
 * (its stdout, libuv's wakeups).
 */
async function writer({ writes = WRITES } = {}): Promise<{ pid: number; fds: number[]; go(): void; exited: Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs');
       const fds = Array.from({ length: ${FDS} }, () => fs.openSync('/dev/null', 'w'));
       const buf = Buffer.alloc(16, 1);
       process.stdin.once('data', () => {
         for (let i = 0; i < ${writes}; i++) fs.writeSync(fds[i % ${FDS}], buf, 0, (i % 13) + 1);
         process.exit(0);
       });
       process.stdout.write(JSON.stringify(fds) + '\\n');`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const fds = JSON.parse(String(await new Promise<Buffer>((r) => child.stdout!.once('data', r)))) as number[];
  return { pid: child.pid!, fds, go: () => child.stdin!.write('go\n'), exited };
}

/** A child that writes to FDS fds of /dev/null, round robin, `n` times each time it is asked. */
async function steppedWriter(): Promise<{ pid: number; fds: number[]; write(n: number): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs');
       const fds = Array.from({ length: ${FDS} }, () => fs.openSync('/dev/null', 'w'));
       const buf = Buffer.alloc(16, 1);
       let i = 0;
       require('readline').createInterface({ input: process.stdin }).on('line', (n) => {
         for (const end = i + Number(n); i < end; i++) fs.writeSync(fds[i % ${FDS}], buf, 0, (i % 13) + 1);
         process.stdout.write('done\\n');
       });
       process.stdout.write(JSON.stringify(fds) + '\\n');`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((r) => lines.once('line', r));
  const fds = JSON.parse(await next()) as number[];
  return {
    pid: child.pid!,
    fds,
    async write(n: number) {
      const done = next();
      child.stdin!.write(`${n}\n`);
      expect(await done).toBe('done');
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('interval counts', () => {
  it('mapIntervalGadget over swapped tables: every write counted once, calls and bytes exact, across many short intervals', async () => {
    const child = await writer();
    const gadget = mapIntervalGadget<Record<string, never>, Row>({
      object: OBJECT,
      map: 'counts',
      struct: 'write_count',
      schema: row,
      name: 'interval_test',
      configure: () => ({ globals: { target_tgid: child.pid }, skipPrograms: ['count_plain'], intervalSeconds: INTERVAL_S }),
    });
    open.push(gadget);
    const tables: Row[][] = [];
    const ctx = gadgetContext({});
    gadget.init(ctx);
    gadget.setEventHandlerArray((rows) => void tables.push(rows));
    await gadget.start();
    child.go();
    await child.exited;
    // two more tables: the last writes were swapped out and read
    const after = tables.length;
    for (let i = 0; i < 200 && tables.length < after + 2; i++) await sleep(10);
    gadget.stop();

    const ours = (r: Row) => r.pid === child.pid && child.fds.includes(r.fd);
    const mine = tables.flat().filter(ours);
    const withWrites = tables.filter((t) => t.some(ours));
    expect(withWrites.length).toBeGreaterThanOrEqual(5); // spread over many intervals, not one table
    expect(new Set(mine.map((r) => r.fd)).size).toBe(FDS);
    expect(mine.reduce((n, r) => n + r.writes, 0)).toBe(WRITES);
    expect(mine.reduce((n, r) => n + r.bytes, 0)).toBe(EXPECTED_BYTES);
    expect(ctx.logged.warn).toEqual([]);
    expect(ctx.logged.error).toEqual([]);
  });

  it('mapIntervalGadget over a plain hash map: each entry is read and deleted in one step, and counted once', async () => {
    const child = await writer({ writes: 1000 });
    const gadget = mapIntervalGadget<Record<string, never>, Row>({
      object: OBJECT,
      map: 'plain_counts',
      struct: 'write_count',
      schema: row,
      configure: () => ({ globals: { target_tgid: child.pid }, skipPrograms: ['count_swapped'], intervalSeconds: 0.5 }),
    });
    open.push(gadget);
    const tables: Row[][] = [];
    const ctx = gadgetContext({});
    gadget.init(ctx);
    gadget.setEventHandlerArray((rows) => void tables.push(rows));
    await gadget.start();
    // right after a table, so the child's few writes (a millisecond) fall inside one interval
    for (let i = 0; i < 200 && tables.length === 0; i++) await sleep(10);
    child.go();
    await child.exited;
    const after = tables.length;
    for (let i = 0; i < 200 && tables.length < after + 2; i++) await sleep(10);
    gadget.stop();
    const mine = tables.flat().filter((r) => r.pid === child.pid && child.fds.includes(r.fd));
    expect(mine).toHaveLength(FDS); // one row per fd: every entry was deleted when it was read
    expect(mine.reduce((n, r) => n + r.writes, 0)).toBe(1000);
    expect(mine.reduce((n, r) => n + r.bytes, 0)).toBe(Array.from({ length: 1000 }, (_, i) => size(i)).reduce((a, b) => a + b, 0));
    expect(ctx.logged.warn).toEqual([]);
  });

  it('reading every entry and then deleting it loses exactly the writes that land in between; taking them loses none', async () => {
    prepareKernel();
    const child = await steppedWriter();
    const c = Collection.load(OBJECT, { globals: { target_tgid: child.pid }, skipPrograms: ['count_swapped'] });
    open.push(c);
    const map = c.map('plain_counts');
    const sum = (entries: [Buffer, Buffer][]) =>
      entries.filter(([k]) => child.fds.includes(k.readUInt32LE(4))).reduce((n, [, v]) => n + Number(v.readBigUInt64LE(0)), 0);
    c.attachAll();

    // the old way: 300 writes, read; 200 more land before the deletes; 100 after
    await child.write(300);
    const read = map.entries();
    await child.write(200);
    for (const [key] of read) map.delete(key);
    await child.write(100);
    const oldWay = sum(read) + sum(map.entries());
    expect(oldWay).toBe(300 + 100); // the 200 in between are gone

    // taking: the same steps lose nothing, the read is the delete
    for (const [key] of map.entries()) map.delete(key);
    await child.write(300);
    const taken = map.takeEntries();
    await child.write(200);
    await child.write(100);
    expect(sum(taken) + sum(map.takeEntries())).toBe(300 + 200 + 100);
  });
});
