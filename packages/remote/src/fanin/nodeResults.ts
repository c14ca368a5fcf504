import { isStackProfile, type HistogramResult, type StackProfile } from '@gadgetry/sdk';

/** A node's result, as its agent sent it. */
export interface NodeResult {
  node: string;
  value: unknown;
}

const isHistogramResult = (v: unknown): v is HistogramResult =>
  typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'histogram' && Array.isArray((v as { histograms?: unknown }).histograms);

/** A node's histograms keyed by the node (and by their own key, when keyed), so several nodes' read apart. */
function histogramsOfNode(node: string, h: HistogramResult): HistogramResult {
  return {
    ...h,
    keyName: h.keyName ? `node ${h.keyName}` : 'node',
    histograms: h.histograms.map((one) => ({ ...one, key: one.key === undefined ? node : `${node} ${one.key}` })),
  };
}

/** A result from one of several nodes: histograms keyed by node; other results unchanged. */
export function resultOfNode(node: string, value: unknown): unknown {
  return isHistogramResult(value) ? histogramsOfNode(node, value) : value;
}

/** Stack profiles of several nodes as one: each stack under a root frame naming its node, counts added up. */
function mergeStackProfiles(profiles: { node: string; value: StackProfile }[]): StackProfile {
  const unattributed: Record<string, number> = {};
  for (const { value } of profiles) for (const [k, n] of Object.entries(value.unattributed)) unattributed[k] = (unattributed[k] ?? 0) + n;
  const stacks = profiles.flatMap(({ node, value }) => value.stacks.map((s) => ({ ...s, frames: [{ name: node }, ...s.frames] })));
  stacks.sort((a, b) => b.count - a.count);
  const first = profiles[0]!.value;
  return {
    type: 'stack-profile',
    unit: first.unit,
    total: profiles.reduce((sum, p) => sum + p.value.total, 0),
    stacks,
    unattributed,
    ...(first.description ? { description: `${first.description} (on ${profiles[0]!.node}), on ${profiles.length} nodes` } : {}),
  };
}

/**
 * The final results of a run on several nodes as one: stack profiles merged
 * (a flame graph's first level is the node), histograms side by side keyed by
 * node, any other result as an object of the node's results by node name.
 */
export function mergeNodeResults(results: NodeResult[]): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) return results[0]!.value;
  const values = results.map((r) => r.value);
  if (values.every(isStackProfile) && new Set(values.map((v) => v.unit)).size === 1) {
    return mergeStackProfiles(results as { node: string; value: StackProfile }[]);
  }
  if (values.every(isHistogramResult) && new Set(values.map((v) => v.unit)).size === 1) {
    const each = results.map((r) => histogramsOfNode(r.node, r.value as HistogramResult));
    return { ...each[0]!, histograms: each.flatMap((h) => h.histograms) };
  }
  return Object.fromEntries(results.map((r) => [r.node, r.value]));
}
