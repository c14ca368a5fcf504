import * as grpc from '@grpc/grpc-js';
import { toWire, type GadgetRunner, type HeadlessRunner, type RunStream } from '@gadgetry/runtime';
import { GadgetryError } from '@gadgetry/errors';
import { runnerService } from '../proto/runnerService.js';
import { fromWireOptions, paramsFromJson } from '../proto/messageMapping.js';
import { serviceErrorOf } from '../proto/statusMapping.js';
import type { DescribeReply, DescribeRequest, DetachRequest, ListReply, ListRunsReply, NameRequest, RunRequest, RunStatusReply, WireRunMessage } from '../proto/wireTypes.js';
import { grpcTarget, type AgentAddress } from '../agentAddress.js';
import { AgentListenError } from '../remoteErrors.js';
import { ClientFeed, DEFAULT_FEED_BOUNDS, type FeedBounds, type FeedTotals } from './ClientFeed.js';
import { prepareSocketPath, removeSocket, secureSocket } from './unixSocket.js';

/** The headless RPCs of an agent that keeps no headless runs. */
export class HeadlessNotServedError extends GadgetryError {
  constructor() {
    super('HEADLESS_NOT_SERVED', 'this agent keeps no headless runs (it was started without them); run the gadget attached instead, or start the agent with headless runs');
  }
}

export interface AgentServerOptions {
  /** What the agent serves: this host's runner. */
  runner: GadgetRunner;
  /** Headless runs; without them the headless RPCs fail with HEADLESS_NOT_SERVED. */
  headless?: HeadlessRunner;
  /** How far one client's run may fall behind (default: 256 messages, 4 MiB). */
  feedBounds?: Partial<FeedBounds>;
  /** Where the agent says what it does (one line each, no newline). */
  log?: (line: string) => void;
}

export interface ListenOptions {
  /** TCP: mutual TLS, or insecure (plaintext) when the user asked for it. */
  credentials: grpc.ServerCredentials;
  /** Unix socket: the group that may use it. */
  gid?: number;
}

/** A run an agent is serving, and what it cost its client. */
interface ActiveRun {
  id: number;
  stop: () => void;
  ended: Promise<FeedTotals>;
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/**
 * The node agent: serves a GadgetRunner (and headless runs) over
 * gadgetry.runner.v1. Each Run call is one run, stopped when the client
 * cancels or goes away; each client's messages pass a bounded ClientFeed.
 */
export class AgentServer {
  readonly #server = new grpc.Server({ 'grpc.keepalive_time_ms': 20_000, 'grpc.keepalive_timeout_ms': 10_000 });
  readonly #runs = new Map<number, ActiveRun>();
  readonly #bounds: FeedBounds;
  readonly #log: (line: string) => void;
  #seq = 0;
  #socket: string | undefined;

  constructor(private readonly o: AgentServerOptions) {
    this.#bounds = { ...DEFAULT_FEED_BOUNDS, ...o.feedBounds };
    this.#log = o.log ?? (() => {});
    const unary = <Req, Res>(f: (req: Req) => Promise<Res>): Unary<Req, Res> => (call, callback) => {
      f(call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(serviceErrorOf(err)),
      );
    };
    this.#server.addService(runnerService().definition, {
      list: unary(async (): Promise<ListReply> => ({ listJson: JSON.stringify(await o.runner.list()), node: this.node })),
      describe: unary(async (r: DescribeRequest): Promise<DescribeReply> => ({ infoJson: JSON.stringify(await o.runner.describe(r.gadget, paramsFromJson(r.paramsJson))), node: this.node })),
      run: (call: grpc.ServerWritableStream<RunRequest, WireRunMessage>) => this.#serve(call, 'run', (signal) => {
        const r = call.request;
        return o.runner.run(r.gadget, paramsFromJson(r.paramsJson), { ...fromWireOptions(r.options), signal });
      }),
      detach: unary(async (r: DetachRequest): Promise<RunStatusReply> => {
        const status = await this.#headless().detach({ name: r.name, gadget: r.gadget, params: paramsFromJson(r.paramsJson), options: fromWireOptions(r.options) });
        return { statusJson: JSON.stringify(toWire(status)) };
      }),
      attach: (call: grpc.ServerWritableStream<NameRequest, WireRunMessage>) => this.#serve(call, 'attach', (signal) => this.#headless().attach(call.request.name, { signal })),
      listRuns: unary(async (): Promise<ListRunsReply> => ({ runsJson: JSON.stringify(toWire(await this.#headless().list())) })),
      remove: unary(async (r: NameRequest): Promise<RunStatusReply> => ({ statusJson: JSON.stringify(toWire(await this.#headless().remove(r.name))) })),
    });
  }

  /** The node this agent's runner tags messages with (LocalRunner's). */
  get node(): string {
    return (this.o.runner as { node?: string }).node ?? '';
  }

  /** Runs being served right now. */
  get activeRuns(): number {
    return this.#runs.size;
  }

  #headless(): HeadlessRunner {
    if (!this.o.headless) throw new HeadlessNotServedError();
    return this.o.headless;
  }

  /** One streaming call: a run (or an attached reader) fed to the client until it ends or the client leaves. */
  #serve(call: grpc.ServerWritableStream<unknown, WireRunMessage>, what: string, open: (signal: AbortSignal) => RunStream): void {
    const id = ++this.#seq;
    const controller = new AbortController();
    let left = false;
    const leave = () => {
      left = true;
      controller.abort();
    };
    call.on('cancelled', leave);
    call.on('error', leave);
    let stream: RunStream;
    try {
      stream = open(controller.signal);
    } catch (err) {
      call.emit('error', serviceErrorOf(err));
      return;
    }
    const peer = call.getPeer() === 'unknown' ? 'a unix-socket client' : call.getPeer();
    const feed = new ClientFeed(call, stream, this.#bounds);
    const ended = feed.pump(() => left).then(
      (totals) => {
        if (!left) call.end();
        const dropped = totals.dropped ? `, ${totals.dropped} of them dropped by the agent (client_behind)` : '';
        this.#log(`${what} ${id} for ${peer} ended${left ? ' (client left)' : ''}: ${totals.sent} events sent, ${totals.lost} lost${dropped}`);
        return totals;
      },
      (err: unknown) => {
        if (!left) call.emit('error', serviceErrorOf(err));
        return feed.totals;
      },
    );
    // stopped by the agent: the client still gets the run's last messages, for a second
    const stop = () => {
      controller.abort();
      setTimeout(() => (left = true), 1000).unref();
    };
    this.#runs.set(id, { id, stop, ended });
    void ended.finally(() => this.#runs.delete(id));
  }

  /** Listens at `address`; resolves once clients can connect. */
  async listen(address: AgentAddress, options: ListenOptions): Promise<string> {
    if (address.kind === 'unix') await prepareSocketPath(address.path, options.gid);
    const target = grpcTarget(address);
    const port = await new Promise<number>((resolve, reject) => {
      this.#server.bindAsync(target, options.credentials, (err, p) => (err ? reject(new AgentListenError(`cannot listen on ${target}: ${err.message}`, err)) : resolve(p)));
    });
    if (address.kind === 'unix') {
      this.#socket = address.path;
      secureSocket(address.path, options.gid);
      return target;
    }
    return grpcTarget({ ...address, port });
  }

  /** Stops every run (waiting until each freed its kernel objects), closes the connections and removes the socket. */
  async close(): Promise<void> {
    const runs = [...this.#runs.values()];
    for (const r of runs) r.stop();
    await Promise.allSettled(runs.map((r) => r.ended));
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.#server.forceShutdown(), 2000);
      this.#server.tryShutdown(() => (clearTimeout(force), resolve()));
    });
    if (this.#socket) removeSocket(this.#socket);
  }
}
