import { fromWire, toWire } from './wireValue.js';
import type { RunMessage } from './RunMessage.js';
import type { RunStats } from '../lifecycle/RunStats.js';

/** A run message as one line of JSON; event values and results keep their BigInts (see toWire). */
export function runMessageToJson(message: RunMessage): string {
  switch (message.type) {
    case 'events':
    case 'table':
      return JSON.stringify({ ...message, events: message.events.map(toWire) });
    case 'result':
      return JSON.stringify({ ...message, value: toWire(message.value) });
    case 'stats':
      // a run's cost counts in u64 (BPF runs and run time)
      return JSON.stringify({ ...message, stats: toWire(message.stats) });
    case 'done':
      return JSON.stringify(message.result === undefined ? message : { ...message, result: toWire(message.result) });
    default:
      return JSON.stringify(message);
  }
}

/** The message runMessageToJson() wrote. */
export function runMessageFromJson(text: string): RunMessage {
  const message = JSON.parse(text) as RunMessage;
  switch (message.type) {
    case 'events':
    case 'table':
      return { ...message, events: message.events.map((e) => fromWire(e) as Record<string, unknown>) };
    case 'result':
      return { ...message, value: fromWire(message.value) };
    case 'stats':
      return { ...message, stats: fromWire(message.stats) as RunStats };
    case 'done':
      return message.result === undefined ? message : { ...message, result: fromWire(message.result) };
    default:
      return message;
  }
}
