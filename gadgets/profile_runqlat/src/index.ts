import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { histogramGadget, histogramIntervalParam } from '@gadgetry/shapes';
import { runqlatProcessStruct, type RunqlatProcessStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  perProcess: Type.Boolean({ default: false, description: 'One histogram per process (command and pid)' }),
  milliseconds: Type.Boolean({ default: false, description: 'Milliseconds instead of microseconds' }),
  interval: histogramIntervalParam,
});

export type ProfileRunqlatParams = Static<typeof params>;

/** How a process's histogram is titled: `process = sh [1234]`. */
export const processLabel = (p: RunqlatProcessStruct) => `${p.comm} [${p.pid}]`;

export default defineGadget({
  name: 'profile_runqlat',
  description: 'Run-queue latency (time runnable tasks wait for a CPU) as a log2 histogram',
  category: 'profile',
  type: 'profile',
  params,
  // a profile: no event stream; its result is a histogram
  event: Type.Object({}),
  // with --metrics: gadgetry_profile_runqlat_run_queue_latency_seconds (add --interval for results while it runs)
  resultMetric: { name: 'run_queue_latency', description: 'Time tasks waited on a run queue before they ran' },
  instantiate: () =>
    histogramGadget<ProfileRunqlatParams, RunqlatProcessStruct>({
      name: 'profile_runqlat',
      object: OBJECT,
      map: 'latency',
      key: { struct: 'runqlat_process', schema: runqlatProcessStruct, name: 'process', label: processLabel },
      inFlight: 'runnable threads',
      configure: (p) => ({
        globals: { per_process: p.perProcess, milliseconds: p.milliseconds },
        unit: p.milliseconds ? 'msecs' : 'usecs',
        intervalSeconds: p.interval,
        perKey: p.perProcess,
      }),
    }),
});
