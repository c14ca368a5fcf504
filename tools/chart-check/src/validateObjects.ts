import { unknownFields, modelNameOf } from './strictFields.js';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
  [key: string]: unknown;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** kubernetes-models' validating class for each kind a chart here may render (static imports: the bundler sees them). */
const MODELS: Record<string, () => Promise<Record<string, unknown>>> = {
  'v1/ServiceAccount': () => import('kubernetes-models/v1/ServiceAccount'),
  'v1/ConfigMap': () => import('kubernetes-models/v1/ConfigMap'),
  'v1/Secret': () => import('kubernetes-models/v1/Secret'),
  'v1/Service': () => import('kubernetes-models/v1/Service'),
  'apps/v1/DaemonSet': () => import('kubernetes-models/apps/v1/DaemonSet'),
  'rbac.authorization.k8s.io/v1/ClusterRole': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': () => import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'),
};

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass> {
  const load = MODELS[`${apiVersion}/${kind}`];
  const cls = load ? ((await load())[kind] as ModelClass | undefined) : undefined;
  if (!cls) throw new Error(`no validator for ${apiVersion} ${kind}: add it to MODELS`);
  return cls;
}

/**
 * What is wrong with one object by the Kubernetes OpenAPI schemas: the
 * kubernetes-models validator (types, required fields, enums, formats) and
 * the strict check for fields the schema does not have. Empty when valid.
 */
export async function validateObject(obj: K8sObject): Promise<string[]> {
  const name = `${obj.kind}/${obj.metadata?.name ?? '?'}`;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [`${name}: no apiVersion or kind`];
  const problems: string[] = [];
  let cls: ModelClass;
  try {
    cls = await modelClass(obj.apiVersion, obj.kind);
  } catch {
    return [`${name}: no validator for ${obj.apiVersion} ${obj.kind} (add it to MODELS in tools/chart-check)`];
  }
  try {
    new cls(obj).validate();
  } catch (e) {
    problems.push(`${name}: ${(e as Error).message.split('\n').join('; ')}`);
  }
  for (const field of unknownFields(obj, modelNameOf(obj.apiVersion, obj.kind))) problems.push(`${name}: unknown field ${field}`);
  return problems;
}
