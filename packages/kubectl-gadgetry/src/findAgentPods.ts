import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { AgentsNotFoundError, apiRequestError } from '@gadgetry/operator-kubernetes';

/** The agent's port when its pod does not name one (charts/gadgetry values agent.port). */
export const DEFAULT_AGENT_PORT = 7443;

/** One agent pod to forward to. */
export interface AgentPod {
  namespace: string;
  name: string;
  nodeName: string;
  /** The agent's port inside the pod (container port named grpc). */
  port: number;
}

const isReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

function portOf(pod: V1Pod): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === 'grpc') return p.containerPort;
  return DEFAULT_AGENT_PORT;
}

/**
 * The running, ready agent pods in `namespace` whose labels match `selector`.
 * Not-ready ones (their gadgetry doctor fails) are left out and named through
 * `warn`; none at all is an AgentsNotFoundError that says how to install them.
 */
export async function findAgentPods(kc: KubeConfig, namespace: string, selector: string, warn: (line: string) => void): Promise<AgentPod[]> {
  const { CoreV1Api } = await import('@kubernetes/client-node');
  const core = kc.makeApiClient(CoreV1Api);
  let pods: V1Pod[];
  try {
    pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;
  } catch (err) {
    throw apiRequestError(`list pods in namespace ${namespace}`, err);
  }
  const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.metadata?.name);
  const ready = running.filter(isReady);
  for (const p of running.filter((x) => !isReady(x))) {
    warn(`agent pod ${p.metadata!.name} on node ${p.spec?.nodeName ?? '?'} is not ready (its gadgetry doctor fails; kubectl logs -n ${namespace} ${p.metadata!.name}): skipped`);
  }
  if (ready.length === 0) {
    const why = running.length ? `${running.length} agent pod(s) are running but none is ready` : `no running pod matches ${selector}`;
    throw new AgentsNotFoundError(`no Gadgetry agent in namespace ${namespace}: ${why}; install the chart: helm install gadgetry charts/gadgetry -n ${namespace} --create-namespace (or pass --agent-namespace)`);
  }
  return ready
    .map((p) => ({ namespace, name: p.metadata!.name!, nodeName: p.spec?.nodeName ?? '', port: portOf(p) }))
    .sort((a, b) => a.nodeName.localeCompare(b.nodeName) || a.name.localeCompare(b.name));
}
