import { Type, type Static } from '@sinclair/typebox';

/**
 * One slot of a histogram: how many values fell from `low` to `high`
 * (both included). Log2 histograms (`<gadgetry/histogram.h>`) have the slots
 * 0-1, 2-3, 4-7, 8-15 ... of their unit.
 */
export const HistogramSlot = Type.Object(
  {
    low: Type.Integer({ minimum: 0, description: 'Smallest value the slot counts' }),
    high: Type.Integer({ minimum: 0, description: 'Largest value the slot counts' }),
    count: Type.Integer({ minimum: 0, description: 'Values that fell in the slot' }),
  },
  { additionalProperties: false },
);
export type HistogramSlot = Static<typeof HistogramSlot>;

/** One histogram: its slots in ascending order, from the first to the last non-empty one. */
export const Histogram = Type.Object(
  {
    /** What this histogram is of, for a keyed result ("sda" for a per-disk one); absent otherwise. */
    key: Type.Optional(Type.String()),
    /** Sum of the slots' counts. */
    total: Type.Integer({ minimum: 0 }),
    slots: Type.Array(HistogramSlot),
  },
  { additionalProperties: false },
);
export type Histogram = Static<typeof Histogram>;

/**
 * What a profile gadget built on a histogram reports (from `result()`, and
 * every interval through `setResultHandler` when asked): the runtime prints
 * it as bars in the columns output (`usecs : count distribution`) and as
 * slots in JSON and YAML. Third-party gadgets return the same shape and get
 * the same output.
 */
export const HistogramResult = Type.Object(
  {
    type: Type.Literal('histogram'),
    /** What the values are: "usecs", "msecs", "bytes". */
    unit: Type.String({ minLength: 1 }),
    /** What the histograms are keyed by ("disk"), when there is one per key. */
    keyName: Type.Optional(Type.String({ minLength: 1 })),
    /** One histogram, or one per key; none when nothing was counted. */
    histograms: Type.Array(Histogram),
  },
  { additionalProperties: false },
);
export type HistogramResult = Static<typeof HistogramResult>;
