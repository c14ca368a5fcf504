// The event schema generated from struct BTF plus the overlay in index.ts is
// the one this gadget declared by hand before (0.1.0), field for field, so
// its output, describe and filters are unchanged; beside it, the metric
// annotations (0.2.0) that --metrics reads.
import { describe, expect, it } from 'vitest';
import { Type, processFields } from '@gadgetry/sdk';
import gadget from './index.js';

const HAND_WRITTEN = Type.Object({
  pid: processFields.pid,
  tid: processFields.tid,
  uid: Type.Integer({ kind: 'uid', width: 6, hidden: true, description: 'User id' }),
  mntnsId: processFields.mntnsId,
  comm: processFields.comm,
  reads: Type.Integer({ kind: 'count', width: 7, description: 'read-family calls in the interval' }),
  writes: Type.Integer({ kind: 'count', width: 7, description: 'write-family calls in the interval' }),
  rbytes: Type.Integer({ kind: 'bytes', width: 10, description: 'Bytes read in the interval' }),
  wbytes: Type.Integer({ kind: 'bytes', width: 10, description: 'Bytes written in the interval' }),
  type: Type.String({ width: 4, description: 'R regular file, S socket, O other' }),
  file: Type.String({ kind: 'path', description: 'File name (last path component)' }),
});

/** The schema's JSON, with `required` in name order: member order may differ where no column shows it. */
const json = (schema: typeof HAND_WRITTEN) => {
  const j = JSON.parse(JSON.stringify(schema)) as { required: string[] };
  return { ...j, required: j.required.sort() };
};
/** The columns shown by default, in order. */
const shown = (schema: typeof HAND_WRITTEN) => Object.entries(schema.properties).filter(([, s]) => !(s as { hidden?: boolean }).hidden).map(([k]) => k);

describe('the generated event schema', () => {
  it('is, as TypeBox JSON, the schema declared by hand before, plus the metric annotations', () => {
    const props = gadget.event.properties as Record<string, { metric?: { labels?: readonly string[] } }>;
    const withoutMetrics = JSON.parse(JSON.stringify(gadget.event, (k, v: unknown) => (k === 'metric' ? undefined : v))) as typeof HAND_WRITTEN;
    expect(json(withoutMetrics)).toEqual(json(HAND_WRITTEN));
    expect(Object.keys(props).filter((k) => props[k]!.metric)).toEqual(['reads', 'writes', 'rbytes', 'wbytes']);
    for (const k of ['reads', 'writes', 'rbytes', 'wbytes']) expect(props[k]!.metric!.labels).toEqual(['comm', 'file', 'type']);
  });

  it('shows the same columns in the same order', () => {
    expect(shown(gadget.event)).toEqual(shown(HAND_WRITTEN));
  });
});
