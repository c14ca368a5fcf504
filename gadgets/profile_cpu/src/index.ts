import { fileURLToPath } from 'node:url';
import { Type, commonFilterParams, defineGadget, type Static } from '@gadgetry/sdk';
import { stackProfileGadget } from '@gadgetry/shapes';

const OBJECT = fileURLToPath(new URL('../dist/program.bpf.o', import.meta.url));

const params = Type.Object({
  frequency: Type.Integer({ default: 49, minimum: 1, maximum: 10000, description: 'Samples per second on each CPU (49 Hz stays out of step with timers that run at round rates)' }),
  includeIdle: Type.Boolean({ default: false, description: 'Count the idle task (pid 0) too' }),
  maxStacks: Type.Integer({ default: 16384, minimum: 64, maximum: 1048576, description: 'Distinct stacks kept; samples past it are counted as lost' }),
  ...commonFilterParams,
});

export type ProfileCpuParams = Static<typeof params>;

/** The gadget reports no events: its result is a StackProfile (see @gadgetry/sdk). */
const event = Type.Object({});

export default defineGadget({
  name: 'profile_cpu',
  description: 'Samples what every CPU runs and shows the hottest stacks, symbolized; a flame graph with --flamegraph',
  category: 'profile',
  type: 'profile',
  params,
  event,
  result: 'stack-profile',
  instantiate: () =>
    stackProfileGadget<ProfileCpuParams, Record<string, never>>({
      name: 'profile_cpu',
      object: OBJECT,
      program: 'on_sample',
      unit: 'samples',
      configure: (p) => ({ globals: { include_idle: p.includeIdle }, sampleFreq: p.frequency, maxStacks: p.maxStacks }),
      describe: ({ sampleFreq, cpus, seconds }) => `CPU samples at ${sampleFreq} Hz on ${cpus} CPU${cpus === 1 ? '' : 's'} for ${seconds.toFixed(1)} s`,
    }),
});
