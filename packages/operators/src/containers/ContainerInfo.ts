/** A container as the host sees it. */
export interface ContainerInfo {
  /** Full container id. */
  id: string;
  /** Human name: the runtime's name or annotation, else the short id. */
  name: string;
  /** runc, crun, docker, containerd, cri-o, podman. */
  runtime: string;
  /** Pid of the container's init process on the host. */
  pid: number;
  /** Mount namespace id of that process: what events are matched on. */
  mntnsId: number;
  /** Kubernetes pod and namespace, when the runtime recorded them. */
  podName?: string;
  namespace?: string;
}
