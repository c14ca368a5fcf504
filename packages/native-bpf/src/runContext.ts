import { describeMount, prepareKernel } from './kernelSetup.js';

/** The parts of the SDK's gadget context the instance helpers read (structurally). */
export interface RunContext<P> {
  params: P;
  logger?: { info(message: string): void; warn(message: string): void };
  /** Report the runtime's own process too (gadgetry run --trace-self). */
  traceSelf?: boolean;
}

/** prepareKernel(), telling the run once about each filesystem it mounted. */
export function prepareKernelFor(logger: RunContext<unknown>['logger']): void {
  for (const m of prepareKernel().mounted) logger?.info(describeMount(m));
}
