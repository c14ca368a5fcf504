// iteratorSnapshotGadget: one table per run, each record completed by the
// gadget's own code before it is emitted.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { Type } from '@gadgetry/sdk';
import { iteratorSnapshotGadget } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';
import { gadgetContext } from './fixtures/gadgetContext.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'task_iter.bpf.o');
const schema = Type.Object({ pid: Type.Integer(), tid: Type.Integer(), leader: Type.Boolean({ computed: true }) });
type Row = { pid: number; tid: number; leader: boolean };

async function snapshot(complete?: (r: Row) => void, tables: Row[][] = []) {
  const gadget = iteratorSnapshotGadget<Record<string, never>, Row>({
    object: OBJECT,
    program: 'dump_tasks',
    struct: 'task_record',
    schema,
    configure: () => ({ globals: { only_tgid: process.pid } }),
    complete,
  });
  gadget.init(gadgetContext({}));
  gadget.setEventHandlerArray((rows) => void tables.push(rows));
  try {
    await gadget.start();
  } finally {
    gadget.close();
  }
  return tables;
}

describe.skipIf(skip)('iteratorSnapshotGadget', () => {
  it('completes every record before the table is emitted', async () => {
    const tables = await snapshot((r) => (r.leader = r.tid === r.pid));
    expect(tables).toHaveLength(1);
    const tids = readdirSync('/proc/self/task').map(Number);
    expect(tables[0]!.map((r) => r.tid).sort((a, b) => a - b)).toEqual(tids.sort((a, b) => a - b));
    expect(tables[0]!.filter((r) => r.leader).map((r) => r.tid)).toEqual([process.pid]);
    expect(tables[0]!.every((r) => typeof r.leader === 'boolean')).toBe(true);
  });

  it('fails the start when completing a record throws, and emits nothing', async () => {
    const tables: Row[][] = [];
    const err = await snapshot(() => {
      throw new Error('cannot complete');
    }, tables).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('cannot complete');
    expect(tables).toEqual([]);
  });
});
