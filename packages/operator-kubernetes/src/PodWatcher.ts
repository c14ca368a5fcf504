import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { K8sApiError, apiRequestError } from './kubernetesErrors.js';
import { PodIndex } from './PodIndex.js';
import { podRecordOf } from './podRecord.js';

/** After a failed list or watch, wait this long before listing again (doubling up to the max). */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** The first list must answer within this long: a run does not wait for an API server that hangs. */
const FIRST_LIST_MS = 10_000;

/**
 * Lists and watches the pods of one node through the API server (client-node's
 * ListWatch: list, then watch from its resourceVersion; fieldSelector
 * spec.nodeName) and keeps a PodIndex current. A failed request is reported
 * through onError and retried with backoff, as kubectl's informers do.
 */
export class PodWatcher {
  readonly index = new PodIndex();
  #stop: (() => Promise<void>) | undefined;
  #retry: NodeJS.Timeout | undefined;
  #delay = RETRY_MIN_MS;
  #stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly nodeName: string,
    private readonly onError: (err: Error) => void,
    private readonly firstListMs = FIRST_LIST_MS,
  ) {}

  /** Starts watching; resolves after the first list (or rejects with its error). */
  async start(): Promise<void> {
    const k8s = await import('@kubernetes/client-node');
    const core = this.kc.makeApiClient(k8s.CoreV1Api);
    const fieldSelector = this.nodeName ? `spec.nodeName=${this.nodeName}` : undefined;
    const what = `list pods on node ${this.nodeName || '(any)'}`;
    let first: ((err?: Error) => void) | undefined;
    const firstList = new Promise<void>((resolve, reject) => {
      first = (err) => (err ? reject(err) : resolve());
    });
    const begin = () => {
      const lw = new k8s.ListWatch<V1Pod>('/api/v1/pods', new k8s.Watch(this.kc), () => core.listPodForAllNamespaces({ fieldSelector }), false, undefined, fieldSelector);
      lw.on(k8s.ADD, (pod) => this.#upsert(pod));
      lw.on(k8s.UPDATE, (pod) => this.#upsert(pod));
      lw.on(k8s.DELETE, (pod) => this.index.remove({ namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' }));
      lw.on(k8s.ERROR, (err) => {
        const e = apiRequestError(what, err);
        if (first) {
          first(e);
          first = undefined;
        } else this.onError(e);
        void lw.stop();
        if (this.#stopped) return;
        this.#retry = setTimeout(begin, this.#delay);
        this.#retry.unref();
        this.#delay = Math.min(this.#delay * 2, RETRY_MAX_MS);
      });
      this.#stop = () => lw.stop();
      lw.start().then(
        () => {
          this.#delay = RETRY_MIN_MS;
          first?.();
          first = undefined;
        },
        () => {}, // reported through ERROR
      );
    };
    begin();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        first = undefined;
        reject(new K8sApiError(`could not ${what}: the API server did not answer within ${this.firstListMs / 1000} s`));
      }, this.firstListMs);
    });
    return Promise.race([firstList, late]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#stop?.();
  }

  #upsert(pod: V1Pod): void {
    const record = podRecordOf(pod);
    if (record) this.index.upsert(record);
  }
}
