// The event schema generated from struct event's BTF plus the overlay in
// index.ts: the kernel's numbers stay in the event, their kinds say how the
// runtime shows them, and the columns shown by default are those of 0.1.0.
import { describe, expect, it } from 'vitest';
import { Type, processFields } from '@gadgetry/sdk';
import { eventFields } from '@gadgetry/runtime';
import gadget from './index.js';

const EXPECTED = Type.Object({
  ...processFields,
  timestamp: Type.Integer({ kind: 'timestamp', hidden: true, description: 'When the open was entered' }),
  fd: Type.Integer({ kind: 'fd', width: 4, description: 'New file descriptor, or -1 on failure' }),
  error: Type.Integer({ kind: 'errno', description: 'errno of a failed open (ENOENT, EACCES, ...); empty on success' }),
  flags: Type.Integer({ kind: 'open_flags', hidden: true, description: 'open(2) flags' }),
  mode: Type.Integer({ kind: 'file_mode', hidden: true, description: 'Mode given with O_CREAT' }),
  fname: Type.String({ kind: 'path', header: 'PATH', description: 'File name as passed to open' }),
});

/** The schema's JSON, with `required` in name order: member order may differ where no column shows it. */
const json = (schema: typeof EXPECTED) => {
  const j = JSON.parse(JSON.stringify(schema)) as { required: string[] };
  return { ...j, required: j.required.sort() };
};

describe('the generated event schema', () => {
  it('is, as TypeBox JSON, the struct with the overlay: numbers annotated with their kinds', () => {
    expect(json(gadget.event)).toEqual(json(EXPECTED));
  });

  it('shows the columns of 0.1.0 by default, the errno by name, and keeps every raw value as <field>Raw', () => {
    const fields = eventFields(gadget);
    expect(fields.filter((f) => !f.hidden).map((f) => f.name)).toEqual(['pid', 'ppid', 'uid', 'comm', 'fd', 'error', 'fname']);
    expect(fields.filter((f) => f.form === 'raw').map((f) => f.name)).toEqual(['timestampRaw', 'errorRaw', 'flagsRaw', 'modeRaw']);
    expect(fields.find((f) => f.name === 'error')!.text({ error: 2 })).toBe('ENOENT');
  });
});
