import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineGadget, type Static } from '@gadgetry/sdk';
import { histogramGadget } from '@gadgetry/shapes';
import { processKeyStruct, type ProcessKeyStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  perProcess: Type.Boolean({ default: false, description: 'One histogram per process' }),
  interval: Type.Number({ default: 0, minimum: 0, description: 'Seconds between histograms; 0: one at the end' }),
  // --pid, --tid, --uid, --gid, --comm: applied in the kernel by gadget_should_discard_common()
  ...commonFilterParams,
});

export type __PASCAL__Params = Static<typeof params>;

export default defineGadget({
  name: '__NAME__',
  description: '__DESCRIPTION__',
  category: '__CATEGORY__',
  type: 'profile',
  params,
  // a profile has no event stream: its result is a histogram (HistogramResult
  // in @gadgetry/sdk), which the runtime prints as bars, or as slots in JSON
  event: Type.Object({}),
  // histogramGadget implements the lifecycle of a histogram profile: attach at
  // start; at the end (and every interval, if asked) swap the tables, read and
  // clear the old one, and report its histograms.
  instantiate: () =>
    histogramGadget<__PASCAL__Params, ProcessKeyStruct>({
      object: OBJECT,
      map: 'sizes',
      key: { struct: 'process_key', schema: processKeyStruct, name: 'process', label: (k) => `${k.comm} [${k.pid}]` },
      configure: (p) => ({ globals: { per_process: p.perProcess }, unit: 'bytes', intervalSeconds: p.interval, perKey: p.perProcess }),
    }),
});
