import { EventPathError } from './EventPathError.js';

/** A field someone promised to fill: a gadget's computed field, or one an operator declares. */
export interface PromisedField {
  name: string;
  /** The operator that declares it; absent for the gadget's computed fields. */
  operator?: string;
}

/**
 * Checks that the fields a gadget computes and operators declare are set on
 * every event that reaches the outputs, instead of printing `null` unnoticed.
 * One left unset is warned about once (and then no longer checked); with
 * `strict` (--strict, GADGETRY_STRICT=1) it fails the run.
 */
export class FilledFieldsCheck {
  #fields: PromisedField[];
  readonly #gadget: string;
  readonly #strict: boolean;
  readonly #warn: (message: string) => void;

  constructor(gadget: string, fields: PromisedField[], strict: boolean, warn: (message: string) => void) {
    this.#gadget = gadget;
    this.#fields = fields;
    this.#strict = strict;
    this.#warn = warn;
  }

  get empty(): boolean {
    return this.#fields.length === 0;
  }

  #problem(f: PromisedField): string {
    return f.operator
      ? `field "${f.name}", which operator "${f.operator}" declares, was not set on an event of gadget "${this.#gadget}": an operator sets every field it declares on every event (use "" or 0 for none)`
      : `computed field "${f.name}" of gadget "${this.#gadget}" was not set on an event: the gadget's code (complete()) sets it on every event`;
  }

  /** Throws an EventPathError under `strict`; otherwise warns once per field. */
  check(event: Record<string, unknown>): void {
    for (const f of this.#fields) {
      if (event[f.name] !== undefined) continue;
      if (this.#strict) throw new EventPathError('unfilled', this.#gadget, this.#problem(f));
      this.#warn(`${this.#problem(f)}; it shows as empty (--strict or GADGETRY_STRICT=1 fail the run instead)`);
      this.#fields = this.#fields.filter((x) => x !== f);
    }
  }
}
