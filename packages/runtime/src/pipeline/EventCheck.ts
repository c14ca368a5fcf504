import type { TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { EventPathError } from './EventPathError.js';

/** Events that broke the gadget's event schema, by kind. */
export interface InvalidEvents {
  /** Not an object (null, a number, an array...): always dropped. */
  notObject: number;
  /** An object that does not match the schema: passed on and counted, or (strict) the run fails. */
  mismatched: number;
}

const MAX_SHOWN = 40;

/** A short, single-line, terminal-safe rendering of a value for an error message. */
function show(v: unknown): string {
  let text: string;
  if (typeof v === 'bigint') text = `${v}n`;
  else if (v === undefined) text = 'undefined';
  else if (typeof v === 'function') text = 'a function';
  else {
    try {
      text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
    } catch {
      text = Object.prototype.toString.call(v);
    }
  }
  // JSON escapes C0 controls; escape DEL and C1 too so nothing reaches a terminal raw.
  text = text.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `/args/1` -> `args[1]`, `/proc/pid` -> `proc.pid`. */
function fieldName(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/**
 * The schema with its computed fields optional: whether they were set is
 * FilledFieldsCheck's to say, in its own words; their type is still checked.
 */
function withOptionalComputed(schema: TObject): TObject {
  const computed = Object.entries(schema.properties).filter(([, s]) => (s as { computed?: unknown }).computed === true).map(([k]) => k);
  if (computed.length === 0 || !Array.isArray(schema.required)) return schema;
  return { ...schema, required: schema.required.filter((k) => !computed.includes(k)) };
}

/**
 * Checks what a gadget emits against its event schema (a compiled TypeBox
 * check, tens of nanoseconds an event). Non-objects are always dropped;
 * mismatching objects are counted and passed on, or with `strict` they fail
 * the run naming the field and the problem. Each kind is warned about once.
 */
export class EventCheck {
  readonly invalid: InvalidEvents = { notObject: 0, mismatched: 0 };
  readonly #check: TypeCheck<TObject> | undefined;
  readonly #gadget: string;
  readonly #strict: boolean;
  readonly #warn: (message: string) => void;

  constructor(gadget: string, schema: TObject, strict: boolean, warn: (message: string) => void) {
    this.#gadget = gadget;
    this.#strict = strict;
    this.#warn = warn;
    try {
      this.#check = TypeCompiler.Compile(withOptionalComputed(schema));
    } catch (err) {
      // A schema TypeBox cannot compile (a custom kind): check only that events are objects.
      this.#check = undefined;
      warn(`events of gadget "${gadget}" are not checked against its schema: ${(err as Error).message}`);
    }
  }

  /** Drops what cannot be an event (counted with non-objects); `what` describes it. Always false. */
  reject(value: unknown, what: string): false {
    if (this.invalid.notObject++ === 0) {
      this.#warn(`gadget "${this.#gadget}" emitted ${what} (${show(value)}); such events are dropped and counted`);
    }
    return false;
  }

  /** The problem with an event that failed the check: field, expectation and value. */
  #problem(event: object): string {
    const first = this.#check?.Errors(event).First();
    if (!first) return 'it does not match';
    const field = fieldName(first.path);
    const where = field ? `field "${field}"` : 'the event';
    if (first.message === 'Expected required property') return `${where} is missing`;
    // only the first letter lowered: the words may quote a pattern
    return `${where}: ${first.message.charAt(0).toLowerCase()}${first.message.slice(1)}, got ${show(first.value)}`;
  }

  /**
   * True to keep the event. Drops non-objects; counts mismatches (throws an
   * EventPathError for them under `strict`).
   */
  admit(event: unknown): event is Record<string, unknown> {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return this.reject(event, 'an event that is not an object');
    if (!this.#check || this.#check.Check(event)) return true;
    this.invalid.mismatched++;
    if (this.#strict) {
      throw new EventPathError(
        'schema',
        this.#gadget,
        `an event of gadget "${this.#gadget}" does not match its event schema: ${this.#problem(event)}`,
      );
    }
    if (this.invalid.mismatched === 1) {
      this.#warn(
        `an event of gadget "${this.#gadget}" does not match its event schema (${this.#problem(event)}); ` +
          'such events are counted and passed on (--strict fails the run instead)',
      );
    }
    return true;
  }
}
