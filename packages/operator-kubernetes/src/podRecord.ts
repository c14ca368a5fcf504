/** What the enricher keeps of one pod: enough to tag events and to match filters. */
export interface PodRecord {
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
  labels: Record<string, string>;
  /** Running (or terminated but still listed) containers, by the runtime's container id. */
  containers: { id: string; name: string }[];
}

/** The parts of a Kubernetes Pod object this package reads (apiVersion v1). */
export interface PodObject {
  metadata?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; ephemeralContainerStatuses?: ContainerStatus[] };
}

interface ContainerStatus {
  name?: string;
  containerID?: string;
}

/**
 * The runtime's id of a container from a pod status' containerID, which the
 * kubelet writes as `<runtime>://<id>` (containerd://, cri-o://, docker://).
 * An empty or malformed one (a container not started yet) gives ''.
 */
export function containerIdOf(containerID: string | undefined): string {
  if (!containerID) return '';
  const at = containerID.indexOf('://');
  const id = at < 0 ? containerID : containerID.slice(at + 3);
  return /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/.test(id) ? id : '';
}

/** A PodRecord from a Pod object, or undefined when it lacks a name or namespace. */
export function podRecordOf(pod: PodObject): PodRecord | undefined {
  const m = pod.metadata;
  if (!m?.name || !m.namespace) return undefined;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const containers = statuses.map((s) => ({ id: containerIdOf(s.containerID), name: s.name ?? '' })).filter((c) => c.id !== '');
  return { namespace: m.namespace, name: m.name, uid: m.uid ?? '', nodeName: pod.spec?.nodeName ?? '', labels: { ...(m.labels ?? {}) }, containers };
}

/** Labels as one column value: `key=value` pairs sorted by key, comma-separated. */
export function labelsText(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
