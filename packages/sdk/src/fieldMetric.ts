/** How a metric accumulates a field's values. */
export type FieldMetricType = 'counter' | 'gauge' | 'histogram';

/** Distinct label sets one metric keeps unless its annotation says otherwise. */
export const DEFAULT_MAX_LABEL_SETS = 1000;
/** The most distinct label sets an annotation may ask one metric to keep. */
export const MAX_LABEL_SETS_LIMIT = 100_000;

/**
 * A numeric event field exported as a metric (`gadgetry run --metrics`,
 * `--otlp`), as Inspektor Gadget's `metrics.*` annotations do:
 * - `counter`: every event adds the field's value (a top gadget's bytes in the interval);
 * - `gauge`: every event sets the series to the field's value;
 * - `histogram`: every event's value is observed into `buckets`.
 * The series is named `gadgetry_<gadget>_<name>[_<unit>][_total]` and keyed
 * by the values of the `labels` fields. Label sets beyond `maxLabelSets` are
 * dropped and counted (gadgetry_metric_label_sets_dropped_total), so a
 * high-cardinality label never grows memory without bound.
 */
export interface FieldMetric<Label extends string = string> {
  type: FieldMetricType;
  /** The metric's name after `gadgetry_<gadget>_` (lower case, digits, _); the field's name in snake case when absent. */
  name?: string;
  /** Unit of the exported value, appended to the name: `bytes`, `seconds`, or another in lower case. */
  unit?: string;
  /** Multiplies the field's value before it is recorded (1e-6 turns µs into seconds). */
  scale?: number;
  /** Help text; the field's description when absent. */
  description?: string;
  /** Other fields of the same event whose values key the series. */
  labels?: readonly Label[];
  /** Histogram bucket upper bounds, ascending, in the exported unit. */
  buckets?: readonly number[];
  /** Most distinct label sets kept; DEFAULT_MAX_LABEL_SETS when absent. */
  maxLabelSets?: number;
}

const NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Checks a metric annotation of field `field` whose event has the fields
 * `fields`; returns the first thing wrong with it, as a sentence, or
 * undefined when it is good.
 */
export function fieldMetricProblem(field: string, metric: unknown, fields: readonly string[]): string | undefined {
  if (typeof metric !== 'object' || metric === null) return `the metric of field "${field}" is not an object`;
  const m = metric as Record<string, unknown>;
  const known = new Set(['type', 'name', 'unit', 'scale', 'description', 'labels', 'buckets', 'maxLabelSets']);
  const unknown = Object.keys(m).find((k) => !known.has(k));
  if (unknown) return `the metric of field "${field}" has an unknown option "${unknown}"`;
  if (m.type !== 'counter' && m.type !== 'gauge' && m.type !== 'histogram') return `the metric of field "${field}" has type ${JSON.stringify(m.type)}; use counter, gauge or histogram`;
  for (const key of ['name', 'unit'] as const) {
    if (m[key] !== undefined && (typeof m[key] !== 'string' || !NAME.test(m[key]))) return `the metric of field "${field}" has ${key} ${JSON.stringify(m[key])}; use lower case letters, digits and _`;
  }
  if (m.scale !== undefined && (typeof m.scale !== 'number' || !Number.isFinite(m.scale) || m.scale <= 0)) return `the metric of field "${field}" has scale ${JSON.stringify(m.scale)}; use a positive number`;
  if (m.description !== undefined && typeof m.description !== 'string') return `the metric of field "${field}" has a description that is not a string`;
  if (m.labels !== undefined) {
    if (!Array.isArray(m.labels)) return `the metric of field "${field}" has labels that are not a list of field names`;
    const missing = m.labels.find((l) => typeof l !== 'string' || !fields.includes(l) || l === field);
    if (missing !== undefined) return `the metric of field "${field}" has label ${JSON.stringify(missing)}, which is not another field of the event (fields: ${fields.join(', ')})`;
  }
  if (m.buckets !== undefined) {
    if (m.type !== 'histogram') return `the metric of field "${field}" has buckets but is a ${String(m.type)}; buckets are for histograms`;
    const b = m.buckets;
    if (!Array.isArray(b) || b.length === 0 || !b.every((x, i) => typeof x === 'number' && Number.isFinite(x) && (i === 0 || x > (b[i - 1] as number)))) {
      return `the metric of field "${field}" has buckets that are not ascending finite numbers`;
    }
  }
  const max = m.maxLabelSets;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_LABEL_SETS_LIMIT)) {
    return `the metric of field "${field}" has maxLabelSets ${JSON.stringify(max)}; use a whole number from 1 to ${MAX_LABEL_SETS_LIMIT}`;
  }
  return undefined;
}

/**
 * A profile gadget's histogram results (HistogramResult) exported as one
 * Prometheus histogram, `gadgetry_<gadget>_<name>_<unit>`: usecs, msecs and
 * nsecs become seconds; per-key histograms get their key as a label named
 * after the result's keyName. Results each cover their own span, so the
 * metric adds them up.
 */
export interface ResultMetric {
  /** Lower case letters, digits and _: `block_io_latency`. */
  name: string;
  description: string;
}
