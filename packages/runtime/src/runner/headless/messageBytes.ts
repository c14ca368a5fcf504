import type { RunMessage } from '../RunMessage.js';

/** Deeper than this, a value is counted as a fixed size: events are flat, results a few levels deep. */
const MAX_DEPTH = 8;
const OBJECT_OVERHEAD = 16;

/** About how much memory a value holds (strings 2 bytes a unit): a cheap walk, no JSON text is made. */
function valueBytes(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 16 + value.length * 2;
    case 'number':
    case 'boolean':
    case 'undefined':
      return 8;
    case 'bigint':
      return 24;
    case 'object': {
      if (value === null) return 8;
      if (depth >= MAX_DEPTH) return OBJECT_OVERHEAD;
      let n = OBJECT_OVERHEAD;
      if (Array.isArray(value)) {
        for (const v of value) n += valueBytes(v, depth + 1);
        return n;
      }
      for (const k in value) n += 8 + k.length + valueBytes((value as Record<string, unknown>)[k], depth + 1);
      return n;
    }
    default:
      return 8;
  }
}

/** What a message costs a queue that keeps it: the bound the backlog and the readers' queues are held to. */
export function messageBytes(message: RunMessage): number {
  switch (message.type) {
    case 'events':
    case 'table':
      return 64 + valueBytes(message.events, 0);
    case 'result':
      return 64 + valueBytes(message.value, 0);
    default:
      return 64 + valueBytes(message, 1);
  }
}

/** How many events a message carries: what a reader that drops it loses (a result counts as one). */
export function eventsIn(message: RunMessage): number {
  switch (message.type) {
    case 'events':
    case 'table':
      return message.events.length;
    case 'result':
      return 1;
    default:
      return 0;
  }
}
