import { fileURLToPath } from 'node:url';
import { Type, defineGadget, type Static } from '@gadgetry/sdk';
import { histogramGadget, histogramIntervalParam } from '@gadgetry/shapes';
import { blockioDiskStruct, type BlockioDiskStruct } from './event.generated.js';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  perDisk: Type.Boolean({ default: false, description: 'One histogram per disk' }),
  queued: Type.Boolean({ default: false, description: 'Count the time requests wait in the I/O scheduler queue too (from insertion, not issue)' }),
  milliseconds: Type.Boolean({ default: false, description: 'Milliseconds instead of microseconds' }),
  interval: histogramIntervalParam,
});

export type ProfileBlockioParams = Static<typeof params>;

export default defineGadget({
  name: 'profile_blockio',
  description: 'Block I/O latency as a log2 histogram, per disk with --per-disk',
  category: 'profile',
  type: 'profile',
  params,
  // a profile: no event stream; its result is a histogram
  event: Type.Object({}),
  // with --metrics: gadgetry_profile_blockio_block_io_latency_seconds (add --interval for results while it runs)
  resultMetric: { name: 'block_io_latency', description: 'Block I/O latency, from issue (or insertion with --queued) to completion' },
  instantiate: () =>
    histogramGadget<ProfileBlockioParams, BlockioDiskStruct>({
      name: 'profile_blockio',
      object: OBJECT,
      map: 'latency',
      key: { struct: 'blockio_disk', schema: blockioDiskStruct, name: 'disk', label: (d) => d.name || `${d.major}:${d.minor}` },
      inFlight: 'block I/O requests',
      configure: (p) => ({
        globals: { per_disk: p.perDisk, queued: p.queued, milliseconds: p.milliseconds },
        // the insertion hook matters only for the time spent queued
        skipPrograms: p.queued ? [] : ['on_insert'],
        unit: p.milliseconds ? 'msecs' : 'usecs',
        intervalSeconds: p.interval,
        perKey: p.perDisk,
      }),
    }),
});
