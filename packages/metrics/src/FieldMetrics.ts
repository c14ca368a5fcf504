import type { GadgetInfo } from '@gadgetry/runtime';
import { DEFAULT_MAX_LABEL_SETS, fieldAnnotations, fieldMetricProblem, type FieldMetric } from '@gadgetry/sdk';
import { kindFormat, valueText, type KindContext } from '@gadgetry/kinds';
import type { MetricFamily, MetricStore } from './MetricStore.js';
import { metricName, otlpUnit } from './metricNames.js';

/** Buckets of a field histogram that names none (prom-client's defaults: seconds of a request). */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Label {
  field: string;
  /** The field's kind, whose readable form the label takes (an ip address, not its bytes). */
  kind?: string;
}

interface FieldMetricPlan {
  field: string;
  metric: FieldMetric;
  family: MetricFamily;
  labels: Label[];
  scale: number;
}

const numberOf = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN);

/** The gadget's fields annotated with `metric` (see FieldMetric in @gadgetry/sdk), fed every event. */
export class FieldMetrics {
  readonly #plans: FieldMetricPlan[] = [];

  constructor(
    info: GadgetInfo,
    store: MetricStore,
    private readonly kindCtx: KindContext,
  ) {
    const names = info.fields.map((f) => f.name);
    const kinds = new Map(info.fields.map((f) => [f.name, fieldAnnotations(f.schema).kind]));
    const gadget = metricName(info.name);
    for (const f of info.fields) {
      const metric = f.schema.metric as FieldMetric | undefined;
      // a gadget from elsewhere (an agent, an older SDK) may carry a bad annotation: it is skipped, not trusted
      if (metric === undefined || fieldMetricProblem(f.name, metric, names) !== undefined) continue;
      const labels = (metric.labels ?? []).map((field) => ({ field, kind: kinds.get(field) }));
      const labelNames = [...labels.map((l) => metricName(l.field)), 'node'].filter((n, i, all) => all.indexOf(n) === i);
      const base = `gadgetry_${gadget}_${metric.name ?? metricName(f.name)}${metric.unit ? `_${metric.unit}` : ''}`;
      const family = store.family({
        name: metric.type === 'counter' ? `${base}_total` : base,
        help: metric.description ?? fieldAnnotations(f.schema).description ?? f.name,
        kind: metric.type,
        labelNames,
        maxLabelSets: metric.maxLabelSets ?? DEFAULT_MAX_LABEL_SETS,
        ...(metric.type === 'histogram' ? { buckets: metric.buckets ?? DEFAULT_BUCKETS } : {}),
        ...(otlpUnit(metric.unit) ? { unit: otlpUnit(metric.unit) } : {}),
      });
      this.#plans.push({ field: f.name, metric, family, labels, scale: metric.scale ?? 1 });
    }
  }

  #labelText(label: Label, event: Record<string, unknown>): string {
    const raw = event[label.field];
    const format = label.kind ? kindFormat(label.kind) : undefined;
    if (format && raw !== undefined && raw !== null) {
      try {
        return format.text(raw, this.kindCtx);
      } catch {
        return valueText(raw);
      }
    }
    return valueText(raw);
  }

  observe(events: readonly Record<string, unknown>[], node: string): void {
    if (this.#plans.length === 0) return;
    for (const e of events) {
      for (const p of this.#plans) {
        const value = numberOf(e[p.field]) * p.scale;
        if (!Number.isFinite(value)) continue;
        const values = p.labels.map((l) => this.#labelText(l, e));
        if (!p.labels.some((l) => metricName(l.field) === 'node')) values.push(node);
        if (p.metric.type === 'counter') p.family.add(values, value);
        else if (p.metric.type === 'gauge') p.family.set(values, value);
        else p.family.observe(values, value);
      }
    }
  }
}
