import type { TSchema } from '@sinclair/typebox';

/**
 * How a run's events show one field. A field whose kind formats (timestamp,
 * errno, signal, ...; see docs/writing-a-gadget.md) is shown twice: under its
 * own name in its readable form (`error`: "ENOENT"), and under `<name>Raw` as
 * the value the gadget gave (`errorRaw`: 2). Every other field is shown as is.
 */
export interface RunField {
  /** The name outputs, `--fields`, `--filter` and `--sort` use. */
  name: string;
  /** The field's schema as outputs show it: a string for a readable form. Annotations ride along. */
  schema: TSchema;
  /** The event property the value is read from (`timestamp` for `timestamp` and `timestampRaw`). */
  source: string;
  /** `readable`: the kind's readable form; `raw`: the raw value of a field whose kind formats; `value`: as is. */
  form: 'readable' | 'raw' | 'value';
  /** The field's kind, when it has one. */
  kind?: string;
  /** The operator that adds the field; absent for the gadget's own fields. */
  addedBy?: string;
  /** The name of the raw twin of a readable field (`timestampRaw`). */
  rawName?: string;
  /** The value as JSON and YAML write it: the readable text for `readable`, the event's value otherwise. */
  json(event: Record<string, unknown>): unknown;
  /** The text of its column (not yet escaped for a terminal). */
  text(event: Record<string, unknown>): string;
  /** The value comparisons and sorting use: the raw value, for every form. */
  raw(event: Record<string, unknown>): unknown;
  /**
   * For a field that applies to some events only (its `appliesWhen`): false
   * where it does not, and outputs show it as nothing (null in JSON). `json`
   * and `text` already obey it; outputs that read the value directly ask this.
   */
  applies?(event: Record<string, unknown>): boolean;
  /**
   * For fields whose kind formats: what a user typed ("ENOENT", "SIGTERM",
   * "1.5ms", "4KiB", "42") as a raw value to compare with; undefined when
   * the text means nothing for this kind.
   */
  parse?(input: string): unknown;
  /** What a user may type for this field, for messages ("ENOENT or 2"). */
  example?: string;
}

/** What the runtime tells an operator about the run it is part of. */
export interface OperatorRun {
  /**
   * Every field of the run's events, in column order: the gadget's own and
   * those each applicable operator declares, readable forms and raw twins
   * included. The runtime computes it once, from the operators' `fields`.
   */
  fields: readonly RunField[];
  /** The names of the run's operators, in the order their `enrichEvent` runs. */
  order: readonly string[];
}
