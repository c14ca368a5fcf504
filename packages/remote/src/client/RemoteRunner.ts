import { isIP } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { isGadgetInfo, type GadgetInfo, type GadgetList, type GadgetRunner, type HeadlessRunner, type RunnerRunOptions, type RunStream } from '@gadgetry/runtime';
import { grpcTarget, parseAgentAddress } from '../agentAddress.js';
import { runnerService } from '../proto/runnerService.js';
import { paramsToJson, toWireOptions } from '../proto/messageMapping.js';
import { errorOfServiceError } from '../proto/statusMapping.js';
import type { DescribeReply, ListReply, RunRequest, WireRunMessage } from '../proto/wireTypes.js';
import { RemoteProtocolError } from '../remoteErrors.js';
import { TLS_NAME, clientCredentials, type ClientTlsFiles } from '../tlsFiles.js';
import { RemoteRunStream } from './RemoteRunStream.js';
import { RemoteHeadless } from './RemoteHeadless.js';

/** How long a list, describe or headless call may take, connecting included. */
const CALL_DEADLINE_MS = 30_000;

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;
type UnaryMethod = (req: unknown, meta: grpc.Metadata, opts: grpc.CallOptions, cb: Callback<unknown>) => grpc.ClientUnaryCall;

/**
 * A GadgetRunner on one agent: unix:///path (no TLS: the socket's mode and
 * group decide who may connect) or host:port, with mutual TLS when TLS
 * files are given and plaintext (an --insecure agent) when none are.
 */
export class RemoteRunner implements GadgetRunner {
  readonly address: string;
  readonly #client: grpc.Client;

  constructor(address: string, tls: ClientTlsFiles = {}) {
    const parsed = parseAgentAddress(address);
    this.address = address;
    const anyTls = tls.ca !== undefined || tls.cert !== undefined || tls.key !== undefined;
    const tcpTls = parsed.kind === 'tcp' && anyTls;
    const credentials = tcpTls ? clientCredentials(tls, parsed.host) : grpc.credentials.createInsecure();
    const byIp = tcpTls && isIP(parsed.host) !== 0;
    const { Client } = runnerService();
    this.#client = new Client(grpcTarget(parsed), credentials, {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.max_receive_message_length': 64 << 20,
      // fail at once when the agent is not there, do not wait for it
      'grpc.initial_reconnect_backoff_ms': 200,
      ...(byIp ? { 'grpc.ssl_target_name_override': TLS_NAME } : {}),
    });
  }

  /** Calls a unary RPC; a failure is the agent's error or REMOTE_UNREACHABLE. */
  unary<T>(method: string, request: unknown): Promise<T> {
    const call = (this.#client as unknown as Record<string, UnaryMethod>)[method]!.bind(this.#client);
    return new Promise<T>((resolve, reject) => {
      call(request, new grpc.Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (err, value) => (err ? reject(errorOfServiceError(err, this.address)) : resolve(value as T)));
    });
  }

  /** Opens a server-streaming RPC. */
  stream(method: string, request: unknown): grpc.ClientReadableStream<WireRunMessage> {
    const open = (this.#client as unknown as Record<string, (req: unknown) => grpc.ClientReadableStream<WireRunMessage>>)[method]!.bind(this.#client);
    return open(request);
  }

  async list(): Promise<GadgetList> {
    const reply = await this.unary<ListReply>('list', {});
    const list = parseJson<GadgetList>(reply.listJson, 'list');
    if (!Array.isArray(list.gadgets) || !Array.isArray(list.operators)) throw new RemoteProtocolError(`the agent at ${this.address} sent a list without gadgets and operators`);
    const node = reply.node;
    return { gadgets: list.gadgets.map((g) => ({ ...g, node })), operators: list.operators.map((o) => ({ ...o, node })), problems: list.problems ?? [] };
  }

  async describe(name: string, params?: Record<string, unknown>): Promise<GadgetInfo> {
    const reply = await this.unary<DescribeReply>('describe', { gadget: name, paramsJson: paramsToJson(params) });
    const info = parseJson<unknown>(reply.infoJson, 'describe');
    if (!isGadgetInfo(info)) throw new RemoteProtocolError(`the agent at ${this.address} sent a gadget info this client cannot read (another version?)`);
    return info;
  }

  run(name: string, params: Record<string, unknown>, options: RunnerRunOptions = {}): RunStream {
    const request: RunRequest = { gadget: name, paramsJson: paramsToJson(params), options: toWireOptions(options) };
    return new RemoteRunStream(this.stream('run', request), this.address, name, options.signal);
  }

  /** The agent's headless runs. */
  headless(): HeadlessRunner {
    return new RemoteHeadless(this);
  }

  close(): void {
    this.#client.close();
  }
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new RemoteProtocolError(`an agent's ${what} answer is not valid JSON`);
  }
}
