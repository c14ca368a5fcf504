// The --interval param of the shapes that report every interval, bounded by
// what a Node timer can wait (intervalMs.ts), so a gadget's own refusal and
// the shape's agree.
import { Type } from '@gadgetry/sdk';
import { MAX_INTERVAL_MS } from './intervalMs.js';

/** --interval of a gadget that prints a table every interval (mapIntervalGadget): seconds, default 1. */
export const tableIntervalParam = Type.Number({ default: 1, minimum: 0.1, maximum: MAX_INTERVAL_MS / 1000, description: 'Seconds between tables' });

/** --interval of a histogram gadget (histogramGadget): seconds, default 0 (one histogram at the end). */
export const histogramIntervalParam = Type.Number({
  default: 0,
  minimum: 0,
  maximum: MAX_INTERVAL_MS / 1000,
  description: 'Seconds between histograms; 0: one histogram at the end',
});
