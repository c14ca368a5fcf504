// The event schema generated from struct BTF plus the overlay in index.ts is
// the one this gadget declared by hand before (0.1.0), field for field (its
// timestamp now shown as wall-clock time, so described as such), so
// its output, describe and filters are unchanged.
import { describe, expect, it } from 'vitest';
import { Type, processFields } from '@gadgetry/sdk';
import gadget from './index.js';

const HAND_WRITTEN = Type.Object({
  pid: processFields.pid,
  tid: processFields.tid,
  ppid: processFields.ppid,
  uid: processFields.uid,
  gid: processFields.gid,
  threads: Type.Integer({ kind: 'count', width: 7, description: 'Threads in the process' }),
  mntnsId: processFields.mntnsId,
  startTime: Type.Integer({ kind: 'timestamp', hidden: true, description: 'When the process started' }),
  comm: Type.String({ kind: 'comm', description: 'Command name' }),
});

/** The schema's JSON, with `required` in name order: member order may differ where no column shows it. */
const json = (schema: typeof HAND_WRITTEN) => {
  const j = JSON.parse(JSON.stringify(schema)) as { required: string[] };
  return { ...j, required: j.required.sort() };
};
/** The columns shown by default, in order. */
const shown = (schema: typeof HAND_WRITTEN) => Object.entries(schema.properties).filter(([, s]) => !(s as { hidden?: boolean }).hidden).map(([k]) => k);

describe('the generated event schema', () => {
  it('is, as TypeBox JSON, the schema declared by hand before', () => {
    expect(json(gadget.event)).toEqual(json(HAND_WRITTEN));
  });

  it('shows the same columns in the same order', () => {
    expect(shown(gadget.event)).toEqual(shown(HAND_WRITTEN));
  });
});
