import { describeMount, prepareKernel } from '@gadgetry/native-bpf';
import type { GadgetLogger } from '@gadgetry/sdk';

/** prepareKernel(), telling the run once about each filesystem it mounted. */
export function prepareKernelFor(logger: GadgetLogger | undefined): void {
  for (const m of prepareKernel().mounted) logger?.info(describeMount(m));
}
