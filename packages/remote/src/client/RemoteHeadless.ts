import { fromWire, type HeadlessRunner, type HeadlessRunSpec, type HeadlessRunStatus, type RunStream } from '@gadgetry/runtime';
import { paramsToJson, toWireOptions } from '../proto/messageMapping.js';
import type { ListRunsReply, RunStatusReply } from '../proto/wireTypes.js';
import { RemoteProtocolError } from '../remoteErrors.js';
import type { RemoteRunner } from './RemoteRunner.js';
import { RemoteRunStream } from './RemoteRunStream.js';

function statusOf(text: string): unknown {
  try {
    return fromWire(JSON.parse(text));
  } catch {
    throw new RemoteProtocolError('an agent sent a headless run status that is not valid JSON');
  }
}

/** The headless runs an agent keeps, over its Detach, Attach, ListRuns and Remove RPCs. */
export class RemoteHeadless implements HeadlessRunner {
  constructor(private readonly agent: RemoteRunner) {}

  async detach(spec: Omit<HeadlessRunSpec, 'createdAt'>): Promise<HeadlessRunStatus> {
    const reply = await this.agent.unary<RunStatusReply>('detach', { name: spec.name, gadget: spec.gadget, paramsJson: paramsToJson(spec.params), options: toWireOptions(spec.options) });
    return statusOf(reply.statusJson) as HeadlessRunStatus;
  }

  attach(name: string, options: { signal?: AbortSignal } = {}): RunStream {
    return new RemoteRunStream(this.agent.stream('attach', { name }), this.agent.address, name, options.signal);
  }

  async list(): Promise<HeadlessRunStatus[]> {
    const reply = await this.agent.unary<ListRunsReply>('listRuns', {});
    const runs = statusOf(reply.runsJson);
    if (!Array.isArray(runs)) throw new RemoteProtocolError('an agent sent a headless run list that is not a list');
    return runs as HeadlessRunStatus[];
  }

  async remove(name: string): Promise<HeadlessRunStatus> {
    const reply = await this.agent.unary<RunStatusReply>('remove', { name });
    return statusOf(reply.statusJson) as HeadlessRunStatus;
  }
}
