// BTF -> generated schema -> decoder, end to end: the kernel fills a struct
// with every kind of member, and the schema generated from that struct's BTF
// reads back every value exactly (u64 past 2^53 as BigInt, negative values,
// arrays, nested structs, the process fields).
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { Collection, RingBufferReader, createDecoder, forEachRecord, kernelTestGate, prepareKernel } from '@gadgetry/native-bpf';
import type { TObject } from '@gadgetry/sdk';
import { eventSchemaModule } from '../src/eventSchemaFile.mjs';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const OBJECT = join(FIXTURE_BUILD, 'every_member.bpf.o');
const GENERATED = join(import.meta.dirname, '.generated');

describe.skipIf(skip)('an event decoded with the schema generated from its struct', () => {
  it('reads back every value the kernel wrote, exactly', async () => {
    mkdirSync(GENERATED, { recursive: true });
    const file = join(GENERATED, 'every_member.ts');
    writeFileSync(file, eventSchemaModule(readFileSync(OBJECT), 'test/fixtures/every_member.bpf.c')!);
    const { everyMemberStruct } = (await import(file)) as { everyMemberStruct: TObject };

    prepareKernel();
    const c = Collection.load(OBJECT, { globals: { target_tgid: process.pid } });
    const events: Record<string, unknown>[] = [];
    try {
      const decode = createDecoder(c.structLayout('every_member'), everyMemberStruct);
      const reader = new RingBufferReader(c.map('events'), (batch) => forEachRecord(batch, (o) => void events.push(decode(batch, o))));
      c.attachAll();
      void process.ppid; // one getppid(): one event
      c.detachAll();
      reader.drain();
    } finally {
      c.close();
    }
    expect(events).toHaveLength(1);
    const mntns = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/mnt'))![1]);
    expect(events[0]).toEqual({
      u8: 250,
      s8: -5,
      u16: 65000,
      s16: -30000,
      u32: 4000000000,
      s32: -2000000000,
      u64: 18446744073709551615n,
      s64: -9007199254740993n,
      flag: true,
      name: 'hello',
      bytes: [1, 2, 3, 255],
      ids: [7, 8, 4294967295],
      cookies: [9007199254740993n, 1n],
      color: 2,
      port: 8080,
      delta: -1,
      pid: process.pid,
      tid: process.pid,
      ppid: process.ppid,
      uid: 0,
      gid: 0,
      mntnsId: mntns,
      comm: readFileSync('/proc/thread-self/comm', 'utf8').trim(),
      at: expect.any(Number),
      addr: 0xffff888012345678n,
    });
    expect(events[0]!.at as number).toBeGreaterThan(0);
    expect(Object.keys(events[0]!)).not.toContain('_pad');
    // what the decoder made is what the schema (and so the event type) says
    expect([...Value.Errors(everyMemberStruct, events[0])]).toEqual([]);
  });
});
