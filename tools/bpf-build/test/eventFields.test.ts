// The fields generated from real objects' BTF (compiled by clang in
// buildFixtures.ts): every integer width and sign, arrays, nested structs,
// 64-bit members, padding, the kind typedefs, and the members refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventStruct, eventStructNames } from '../src/eventFields.mjs';
import { readBtf } from '../src/readBtf.mjs';
import { renderEventSchema } from '../src/renderEventSchema.mjs';
import { eventSchemaModule } from '../src/eventSchemaFile.mjs';
import { FIXTURE_BUILD } from './buildFixtures.js';

const btf = (name: string) => readBtf(readFileSync(join(FIXTURE_BUILD, `${name}.bpf.o`)));
const fieldsOf = (name: string, struct = 'bad') => eventStruct(btf(name), struct).fields;
const refusal = (name: string) => {
  try {
    fieldsOf(name);
  } catch (err) {
    return err as { code: string; message: string };
  }
  return undefined;
};

describe('event fields from BTF', () => {
  it('gives every member of struct every_member its field, in member order, padding left out', () => {
    const fields = fieldsOf('every_member', 'every_member');
    expect(fields.map((f) => [f.key, f.ctype, f.schema])).toEqual([
      ['u8', '__u8', { type: 'integer' }],
      ['s8', '__s8', { type: 'integer' }],
      ['u16', '__u16', { type: 'integer' }],
      ['s16', '__s16', { type: 'integer' }],
      ['u32', '__u32', { type: 'integer' }],
      ['s32', '__s32', { type: 'integer' }],
      ['u64', '__u64', { type: 'bigint' }], // may pass 2^53: exact
      ['s64', '__s64', { type: 'bigint' }],
      ['flag', 'bool', { type: 'boolean' }],
      ['name', 'char[12]', { type: 'string' }], // char arrays are text
      ['bytes', '__u8[4]', { type: 'array', items: 'integer' }], // unsigned bytes are not
      ['ids', '__u32[3]', { type: 'array', items: 'integer' }],
      ['cookies', '__u64[2]', { type: 'array', items: 'bigint' }],
      ['color', 'enum color', { type: 'integer' }],
      ['port', '__u16', { type: 'integer' }], // in.port: nested structs are flattened
      ['delta', '__s16', { type: 'integer' }],
      ['pid', 'gadget_pid', { use: 'pid' }], // proc.pid: the kind typedefs give the process fields
      ['tid', 'gadget_tid', { use: 'tid' }],
      ['ppid', 'gadget_ppid', { use: 'ppid' }],
      ['uid', 'gadget_uid', { use: 'uid' }],
      ['gid', 'gadget_gid', { use: 'gid' }],
      ['mntnsId', 'gadget_mntns_id', { use: 'mntnsId' }],
      ['comm', 'gadget_comm', { use: 'comm' }],
      ['at', 'gadget_timestamp', { type: 'integer', kind: 'timestamp', int64: true }],
      ['addr', 'void *', { type: 'bigint' }], // an address: every bit
    ]);
    expect(fields.find((f) => f.key === 'port')?.path).toBe('in.port');
    expect(fields.find((f) => f.key === 'mntnsId')?.path).toBe('proc.mntns_id');
  });

  it('finds the structs named with GADGET_EVENT_TYPE, and skips unnamed and underscore bitfields', () => {
    const types = btf('padding_only');
    expect(eventStructNames(types)).toEqual(['bad', 'second']);
    expect(eventStruct(types, 'bad').fields.map((f) => f.key)).toEqual(['pid']);
    expect(eventStructNames(btf('every_member'))).toEqual(['every_member']);
  });

  it('refuses members no event field can hold, with one line naming the member and what to do', () => {
    const cases: [string, string][] = [
      ['bitfield', 'struct bad: member flags is a bitfield, which the decoder does not read; make it a whole integer; or start its name with _ to leave it out of the event'],
      ['union', 'struct bad: member u is a union, which no event field can hold; use a struct or separate members; or start its name with _ to leave it out of the event'],
      ['float', 'struct bad: member load is a floating-point number, which the decoder does not read; send an integer (e.g. scaled); or start its name with _ to leave it out of the event'],
      ['anonymous', 'struct bad: member (anonymous) has no name (an anonymous struct or union); name it; or start its name with _ to leave it out of the event'],
      ['clash', 'struct bad: members pid and proc.pid would both be event field pid; rename one'],
      ['foreign_kind', 'struct bad: member uid is typed gadget_uid, which <gadgetry/types.h> defines otherwise; include that header instead of your own typedef; or start its name with _ to leave it out of the event'],
      ['struct_array', 'struct bad: member items is an array of struct item; event fields hold arrays of integers, and char arrays as strings; or start its name with _ to leave it out of the event'],
    ];
    for (const [name, message] of cases) expect(refusal(name), name).toEqual(expect.objectContaining({ code: 'EVENT_UNSUPPORTED', message }));
  });
});

describe('the generated module', () => {
  it('is stable text naming the source, one schema and one type per struct', () => {
    const text = eventSchemaModule(readFileSync(join(FIXTURE_BUILD, 'padding_only.bpf.o')), 'src/program.bpf.c');
    expect(text).toBe(
      [
        '// Generated by gadgetry-bpf-build from the BTF of src/program.bpf.c; do not edit.',
        '// Change the C structs and build again: the build fails while this file is out of date',
        '// (`npx gadgetry-bpf-build --update` rewrites it). Lay presentation over it with defineEvent().',
        "import { Type, int64, type Static } from '@gadgetry/sdk';",
        '',
        '/** The fields of struct bad (12 bytes), as the decoder reads them. */',
        'export const badStruct = Type.Object({',
        '  pid: Type.Integer(), // __u32 pid',
        '});',
        'export type BadStruct = Static<typeof badStruct>;',
        '',
        '/** The fields of struct second (8 bytes), as the decoder reads them. */',
        'export const secondStruct = Type.Object({',
        '  count: int64(Type.BigInt()), // __u64 count',
        '});',
        'export type SecondStruct = Static<typeof secondStruct>;',
        '',
      ].join('\n'),
    );
    expect(eventSchemaModule(readFileSync(join(FIXTURE_BUILD, 'padding_only.bpf.o')), 'src/program.bpf.c')).toBe(text);
  });

  it('names a struct\'s schema and type after its tag', () => {
    const text = renderEventSchema([{ name: 'file_stat', size: 8, fields: [{ key: 'reads', path: 'reads', ctype: '__u64', schema: { type: 'bigint' } }] }], 'x.bpf.c');
    expect(text).toContain('export const fileStatStruct = Type.Object({');
    expect(text).toContain('export type FileStatStruct = Static<typeof fileStatStruct>;');
  });
});
