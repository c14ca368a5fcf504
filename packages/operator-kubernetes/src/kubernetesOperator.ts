import { hostname } from 'node:os';
import { Type, defineOperator, type GadgetDescriptor, type MountNsFilter } from '@gadgetry/sdk';
import { ContainerWatcher } from '@gadgetry/operators';
import { clipInput } from '@gadgetry/errors';
import { kubernetesConfigured, loadKubeConfig } from './kubeAccess.js';
import { K8sSelectorError } from './kubernetesErrors.js';
import { parseLabelSelector } from './labelSelector.js';
import type { PodFilter } from './PodIndex.js';
import { labelsText } from './podRecord.js';
import { PodWatcher } from './PodWatcher.js';

const hasMntns = (d: GadgetDescriptor) => Object.values(d.event.properties).some((f) => (f as { kind?: unknown }).kind === 'mntns');

/** Comma-separated names; an empty item is refused rather than read as "any". */
function namesOf(flag: string, given: string | undefined): string[] | undefined {
  if (given === undefined) return undefined;
  const names = given.split(',').map((n) => n.trim());
  if (names.includes('')) throw new K8sSelectorError(`empty name in --${flag} ${clipInput(JSON.stringify(given))}; give names separated by commas`);
  return names;
}

/**
 * Tags events with the Kubernetes pod their container belongs to (namespace,
 * pod, container, labels, node), from a watch of the pods on this node through
 * the API server, joined on the container operator's container id. The
 * --k8s-* filters resolve to the mount namespaces of matching containers and
 * feed the gadget's in-kernel mount-namespace filter, kept current as pods and
 * containers come and go. Without a cluster (no KUBECONFIG, not in a pod) it
 * does not apply to any gadget: no fields, no flags, no cost.
 */
export const kubernetesOperator = defineOperator({
  name: 'kubernetes',
  description: 'Adds Kubernetes namespace/pod/container/labels; --k8s-namespace, --k8s-podname, --k8s-selector filter in the kernel',
  dependencies: ['container'],
  params: Type.Object({
    k8sNamespace: Type.Optional(Type.String({ description: 'Only events of pods in these namespaces (comma-separated), filtered in the kernel' })),
    k8sPodname: Type.Optional(Type.String({ description: 'Only events of these pods (comma-separated names), filtered in the kernel' })),
    k8sSelector: Type.Optional(Type.String({ description: 'Only events of pods whose labels match this selector (app=web,tier!=db), filtered in the kernel' })),
  }),
  canOperateOn: (d) => kubernetesConfigured() && hasMntns(d),
  fields: () => [
    { name: 'k8sNamespace', after: '', schema: Type.String({ width: 16, description: 'Kubernetes namespace of the pod (empty outside pods)' }) },
    { name: 'k8sPod', after: 'k8sNamespace', schema: Type.String({ width: 24, description: 'Kubernetes pod name' }) },
    { name: 'k8sContainer', after: 'k8sPod', schema: Type.String({ width: 16, description: 'Container name in the pod spec' }) },
    { name: 'k8sLabels', schema: Type.String({ hidden: true, description: 'Pod labels, key=value sorted by key' }) },
    { name: 'k8sNode', schema: Type.String({ hidden: true, description: 'Node the pod runs on' }) },
  ],
  async instantiate(ctx, gadget, params, d) {
    const filter: PodFilter = {
      namespaces: namesOf('k8s-namespace', params.k8sNamespace),
      podNames: namesOf('k8s-podname', params.k8sPodname),
      selector: params.k8sSelector === undefined ? undefined : parseLabelSelector(params.k8sSelector),
    };
    const filtering = filter.namespaces !== undefined || filter.podNames !== undefined || filter.selector !== undefined;
    const nodeName = process.env.NODE_NAME || hostname();
    const kc = await loadKubeConfig();
    const pods = new PodWatcher(kc, nodeName, (err) => ctx.logger.warn(`${err.message}; pod metadata may be stale until it recovers`));
    const containers = new ContainerWatcher();
    return {
      async preGadgetRun() {
        if (filtering && !gadget.setMountNsFilter) {
          throw new K8sSelectorError(`gadget "${d.name}" cannot filter by pod in the kernel (it does not implement setMountNsFilter); drop the --k8s-* filters`);
        }
        try {
          await pods.start();
        } catch (err) {
          // without the pod list a filter would keep nothing: fail; enrichment alone goes on while the watcher retries
          if (filtering) {
            await pods.stop();
            throw err;
          }
          ctx.logger.warn(`${(err as Error).message}; events carry no pod metadata until it recovers`);
        }
        if (!filtering) return;
        containers.start();
        const ids = () => {
          const wanted = pods.index.containerIds(filter);
          return containers.containers.filter((c) => wanted.has(c.id)).map((c) => c.mntnsId);
        };
        if (ids().length === 0) {
          ctx.logger.warn(`no running container on node ${clipInput(nodeName)} matches the --k8s-* filters yet; its events appear once it starts`);
        }
        const mntnsFilter: MountNsFilter = {
          ids,
          onChange: (listener) => {
            const a = pods.index.onChange(() => listener(ids()));
            const b = containers.onChange(() => listener(ids()));
            return () => (a(), b());
          },
        };
        gadget.setMountNsFilter!(mntnsFilter);
      },
      async postGadgetRun() {
        containers.stop();
        await pods.stop();
      },
      enrichEvent(ev) {
        const found = pods.index.byContainerId(typeof ev.containerId === 'string' ? ev.containerId : '');
        ev.k8sNamespace = found?.pod.namespace ?? '';
        ev.k8sPod = found?.pod.name ?? '';
        ev.k8sContainer = found?.containerName ?? '';
        ev.k8sLabels = found ? labelsText(found.pod.labels) : '';
        ev.k8sNode = found?.pod.nodeName ?? '';
      },
    };
  },
});
