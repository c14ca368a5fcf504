import * as k8s from '@kubernetes/client-node';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}
type Model = { getAttributeTypeMap(): Attribute[] };

const models = k8s as unknown as Record<string, Model | undefined>;

/** The generated model class for a type name of the OpenAPI spec (V1PodSpec), if there is one. */
function modelOf(type: string): Model | undefined {
  const m = models[type];
  return typeof m?.getAttributeTypeMap === 'function' ? m : undefined;
}

/** client-node's class name for an object's apiVersion and kind: apps/v1 DaemonSet -> V1DaemonSet. */
export function modelNameOf(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop()!;
  return `${version[0]!.toUpperCase()}${version.slice(1)}${kind}`;
}

/**
 * Every field of `value` that its type in the Kubernetes OpenAPI spec does not
 * have, as JSON paths (spec.template.spec.hostPid). The field lists come from
 * @kubernetes/client-node's models, which are generated from that spec; the
 * API server drops (or, with strict field validation, refuses) such fields,
 * so a misspelled one silently does nothing.
 */
export function unknownFields(value: unknown, type: string, path = ''): string[] {
  if (value === null || value === undefined) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, array[1]!, `${path}[${i}]`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return typeof value === 'object' ? Object.entries(value as object).flatMap(([k, v]) => unknownFields(v, map[1]!, `${path}.${k}`)) : [];
  const model = modelOf(type);
  if (!model || typeof value !== 'object' || Array.isArray(value)) return [];
  const attrs = model.getAttributeTypeMap();
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    const attr = attrs.find((a) => a.baseName === key);
    return attr ? unknownFields(v, attr.type, at) : [at];
  });
}
