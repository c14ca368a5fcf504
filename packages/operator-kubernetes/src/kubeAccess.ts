import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigMissingError } from './kubernetesErrors.js';

/**
 * Whether a cluster is configured: inside a pod (the service account's
 * environment) or a KUBECONFIG given. Only then does the enricher do anything.
 */
export function kubernetesConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) || Boolean(env.KUBECONFIG);
}

/**
 * The kubeconfig as kubectl finds it: KUBECONFIG, else ~/.kube/config, else
 * the pod's service account. client-node would fall back to an unauthenticated
 * localhost:8080; we refuse that with one clear line instead.
 */
export async function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const home = env.HOME || homedir();
  const inCluster = Boolean(env.KUBERNETES_SERVICE_HOST);
  const file = env.KUBECONFIG || (home && existsSync(join(home, '.kube', 'config')) ? join(home, '.kube', 'config') : '');
  try {
    if (file) kc.loadFromDefault();
    else if (inCluster) kc.loadFromCluster();
    else throw new KubeconfigMissingError('no kubeconfig: KUBECONFIG is not set, ~/.kube/config does not exist and this is not a pod; point KUBECONFIG at your cluster\'s kubeconfig');
  } catch (err) {
    if (err instanceof KubeconfigMissingError) throw err;
    throw new KubeconfigMissingError(`cannot read the kubeconfig ${JSON.stringify(file)}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeconfigMissingError(`the kubeconfig ${JSON.stringify(file)} has no current context with a cluster; run kubectl config use-context NAME`);
  }
  return kc;
}
