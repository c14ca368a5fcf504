import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiRequestError } from '@gadgetry/operator-kubernetes';
import type { AgentPod } from './findAgentPods.js';

/** A local address that reaches one agent through the API server. */
export interface AgentForward {
  pod: AgentPod;
  /** 127.0.0.1:PORT */
  address: string;
}

interface Closable {
  close(): void;
  on(event: 'close' | 'error', listener: () => void): unknown;
}

/**
 * For each agent pod, a listener on 127.0.0.1 (a free port) whose every
 * connection is carried to the pod's agent port over the API server's
 * port-forward (client-node's PortForward: one websocket per connection, as
 * kubectl port-forward does). Failures are reported through `onError` and
 * close only that connection.
 */
export class AgentForwards {
  readonly #servers: Server[] = [];
  readonly #sockets = new Set<Socket>();

  constructor(
    private readonly kc: KubeConfig,
    private readonly onError: (err: Error) => void,
  ) {}

  async open(pods: AgentPod[]): Promise<AgentForward[]> {
    const { PortForward } = await import('@kubernetes/client-node');
    const pf = new PortForward(this.kc, true);
    return Promise.all(pods.map((pod) => this.#listen(pf, pod)));
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  #listen(pf: InstanceType<typeof import('@kubernetes/client-node').PortForward>, pod: AgentPod): Promise<AgentForward> {
    const what = `port-forward to agent pod ${pod.namespace}/${pod.name} (node ${pod.nodeName})`;
    const server = createServer((socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      // the kubelet's own complaints (nothing listening on the port) come on the error channel
      const errors = new Writable({
        write: (chunk: Buffer, _enc, done) => {
          const text = chunk.toString('utf8').trim();
          // the channel opens with an empty frame (its port number, stripped)
          if (text) {
            this.onError(apiRequestError(what, new Error(text)));
            socket.destroy();
          }
          done();
        },
      });
      pf.portForward(pod.namespace, pod.name, [pod.port], socket, errors, socket).then(
        (made) => {
          const ws = (typeof made === 'function' ? made() : made) as Closable | null;
          if (!ws) return socket.destroy();
          ws.on('close', () => socket.end());
          ws.on('error', () => socket.destroy());
          socket.on('close', () => ws.close());
        },
        (err: unknown) => {
          this.onError(apiRequestError(what, (err as { error?: unknown })?.error ?? err));
          socket.destroy();
        },
      );
    });
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        resolve({ pod, address: `127.0.0.1:${port}` });
      });
    });
  }
}
