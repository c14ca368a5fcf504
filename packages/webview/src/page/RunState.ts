import { EventRing } from './EventRing.js';
import type { RunStats } from '@gadgetry/runtime';
import type { PageMessage, Row } from './wire.js';

/** Events the trace table holds at most (older ones fall out). */
export const HELD_EVENTS = 5000;
/** Seconds of rate history the chart shows. */
const RATE_SECONDS = 120;
/** Rows of a top table whose history is kept for sparklines, and values per row. */
const SPARK_ROWS = 500;
const SPARK_POINTS = 30;

/** Everything the page shows about the run, updated by each message; `version` changes with it. */
export class RunState {
  version = 0;
  readonly events = new EventRing(HELD_EVENTS);
  table: Row[] = [];
  tables = 0;
  result: unknown;
  stats: RunStats | undefined;
  /** Lost in the kernel or the pipeline (lost messages). */
  lost = 0;
  /** Missed by this tab: it read slower than the run produced. */
  missed = 0;
  ended: string | undefined;
  error: string | undefined;
  logs: string[] = [];
  /** Per second: [unix seconds, events, lost+missed]. */
  readonly rate: [number[], number[], number[]] = [[], [], []];
  /** Sparkline values of each top-table row, by row key. */
  readonly history = new Map<string, number[]>();

  apply(m: PageMessage, sparkKey?: (r: Row) => string, sparkValue?: (r: Row) => number): void {
    switch (m.type) {
      case 'events':
        this.events.push(m.events);
        this.#count(m.events.length, 0);
        break;
      case 'table':
        this.table = m.events;
        this.tables++;
        this.#count(m.events.length, 0);
        if (sparkKey && sparkValue) this.#spark(m.events, sparkKey, sparkValue);
        break;
      case 'result':
        this.result = m.value;
        break;
      case 'lost':
        this.lost += m.count;
        this.#count(0, m.count);
        break;
      case 'missed':
        this.missed += m.count;
        this.#count(0, m.count);
        break;
      case 'stats':
        this.stats = m.stats;
        break;
      case 'log':
        // lifecycle steps (debug) are for -v on a terminal, not the page
        if (m.level !== 'debug') this.logs = [...this.logs.slice(-19), `${m.level}: ${m.message}`];
        break;
      case 'error':
        this.error = m.error.line;
        break;
      case 'done':
        this.ended = m.reason;
        if (m.result !== undefined) this.result = m.result;
        if (m.error) this.error = m.error.line;
        break;
      default:
        break;
    }
    this.version++;
  }

  #count(events: number, lost: number): void {
    const now = Math.floor(Date.now() / 1000);
    const [t, ev, lo] = this.rate;
    if (t[t.length - 1] !== now) {
      t.push(now);
      ev.push(0);
      lo.push(0);
      if (t.length > RATE_SECONDS) [t, ev, lo].forEach((a) => a.shift());
    }
    ev[ev.length - 1]! += events;
    lo[lo.length - 1]! += lost;
  }

  #spark(rows: Row[], key: (r: Row) => string, value: (r: Row) => number): void {
    const seen = new Set<string>();
    for (const row of rows) {
      const k = key(row);
      seen.add(k);
      const h = this.history.get(k) ?? [];
      h.push(value(row));
      if (h.length > SPARK_POINTS) h.shift();
      this.history.set(k, h);
    }
    // rows gone from the table go first when the map is full
    for (const k of this.history.keys()) {
      if (this.history.size <= SPARK_ROWS) break;
      if (!seen.has(k)) this.history.delete(k);
    }
  }
}
