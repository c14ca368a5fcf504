import { fromWire, runMessageFromJson, runMessageToJson, toWire, type RunMessage, type RunnerRunOptions } from '@gadgetry/runtime';
import { TIMESTAMP_FORMATS } from '@gadgetry/kinds';
import type { WireRunMessage, WireRunOptions } from './wireTypes.js';
import { RemoteProtocolError } from '../remoteErrors.js';

const MESSAGE_TYPES = new Set(['started', 'events', 'table', 'result', 'lost', 'log', 'stats', 'error', 'done']);

/** A run message as runner.proto carries it: the runtime's own JSON, with its node, type and lost count beside it. */
export function toWireMessage(message: RunMessage): WireRunMessage {
  return { node: message.node, type: message.type, messageJson: runMessageToJson(message), lostCount: message.type === 'lost' ? message.count : 0 };
}

/** The run message an agent sent; anything that is not one (another type, a node that disagrees, bad JSON) is REMOTE_PROTOCOL. */
export function fromWireMessage(wire: WireRunMessage): RunMessage {
  if (!MESSAGE_TYPES.has(wire.type)) throw new RemoteProtocolError(`an agent sent a run message of unknown type ${JSON.stringify(wire.type).slice(0, 40)}`);
  let message: RunMessage;
  try {
    message = runMessageFromJson(wire.messageJson);
  } catch (err) {
    throw new RemoteProtocolError(`an agent sent a ${wire.type} message that is not valid JSON (${(err as Error).message})`);
  }
  if (message === null || typeof message !== 'object' || message.type !== wire.type || message.node !== wire.node) {
    throw new RemoteProtocolError(`an agent sent a ${wire.type} message whose content does not match its type and node`);
  }
  if ((message.type === 'events' || message.type === 'table') && !Array.isArray(message.events)) {
    throw new RemoteProtocolError(`an agent sent a ${message.type} message without an events list`);
  }
  return message;
}

/** Params as JSON that keeps BigInts (toWire). */
export const paramsToJson = (params: Record<string, unknown> | undefined): string => JSON.stringify(toWire(params ?? {}));

export function paramsFromJson(text: string): Record<string, unknown> {
  if (text === '') return {};
  const value = fromWire(JSON.parse(text)) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RemoteProtocolError('params must be a JSON object');
  return value as Record<string, unknown>;
}

export function toWireOptions(o: Pick<RunnerRunOptions, 'timeoutMs' | 'strict' | 'traceSelf' | 'timestampFormat'>): WireRunOptions {
  return { timeoutMs: o.timeoutMs ?? 0, strict: o.strict === true, traceSelf: o.traceSelf === true, timestampFormat: o.timestampFormat ?? '' };
}

export function fromWireOptions(o: WireRunOptions | undefined): Pick<RunnerRunOptions, 'timeoutMs' | 'strict' | 'traceSelf' | 'timestampFormat'> {
  if (!o) return {};
  const format = o.timestampFormat === '' ? undefined : o.timestampFormat;
  if (format !== undefined && !(TIMESTAMP_FORMATS as readonly string[]).includes(format)) throw new RemoteProtocolError(`unknown timestamp format ${JSON.stringify(format).slice(0, 40)}`);
  return {
    ...(o.timeoutMs > 0 ? { timeoutMs: o.timeoutMs } : {}),
    strict: o.strict,
    traceSelf: o.traceSelf,
    ...(format !== undefined ? { timestampFormat: format as RunnerRunOptions['timestampFormat'] } : {}),
  };
}
