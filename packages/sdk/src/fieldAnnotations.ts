import { Type } from '@sinclair/typebox';
import type { FieldMetric } from './fieldMetric.js';

/**
 * What an event field means. Operators key off the kind (a `uid` gains a user
 * name, a `mntns` gains container metadata), so gadgets never hand-write
 * enrichment. These are the kinds Gadgetry itself knows; the list is open: a
 * third-party kind is any other lower-case name, passed through to operators.
 */
export const FIELD_KINDS = [
  'pid', 'tid', 'ppid', 'uid', 'gid', 'comm', 'mntns', 'timestamp', 'duration',
  'errno', 'retval', 'fd', 'path', 'bytes', 'count', 'ip', 'port', 'syscall', 'signal',
  'container', 'user', 'group', 'text', 'capability', 'open_flags', 'file_mode',
  'mount_flags', 'tcp_state', 'ip_proto', 'address_family', 'drop_reason',
] as const;

/** A kind Gadgetry knows. */
export type KnownFieldKind = (typeof FIELD_KINDS)[number];

/** A known kind, or a third party's own (a string; editors still suggest the known ones). */
export type FieldKindName = KnownFieldKind | (string & {});

/** A kind as package.json manifests state it: a lower-case name. */
export const FieldKind = Type.String({ pattern: '^[a-z][a-z0-9_]*$' });

/** Presentation and meaning of one event field, given as TypeBox schema options. */
export interface FieldAnnotations {
  /** One-line description shown by `gadgetry describe`. */
  description?: string;
  /** Semantic kind operators act on. */
  kind?: FieldKindName;
  /** Column width in characters for the columns output. */
  width?: number;
  /** Column alignment; numbers default to right, text to left. */
  align?: 'left' | 'right';
  /** Hidden from the columns output unless picked with `--fields`. */
  hidden?: boolean;
  /** Column header; defaults to the upper-cased field name. */
  header?: string;
  /** Filled by the gadget's code, not read from the BPF event struct. */
  computed?: boolean;
  /** For a string[] read from a char array: the struct member holding the used length. */
  sizeField?: string;
  /**
   * The field means something only when another field of the event holds one
   * of these raw values (an address only for AF_INET and AF_INET6 sockets):
   * elsewhere outputs show it as nothing (null in JSON); its raw twin keeps the value.
   */
  appliesWhen?: FieldCondition;
  /** Exported as a metric by --metrics and --otlp (checked by defineEvent). */
  metric?: FieldMetric;
}

/** Another field of the same event and the raw values it must hold. */
export interface FieldCondition {
  field: string;
  oneOf: (number | string)[];
}

function conditionOf(value: unknown): FieldCondition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { field, oneOf } = value as Record<string, unknown>;
  if (typeof field !== 'string' || !Array.isArray(oneOf) || !oneOf.every((v) => typeof v === 'number' || typeof v === 'string')) return undefined;
  return { field, oneOf: oneOf as (number | string)[] };
}

/** Reads the annotations of a field schema (unknown keys are ignored). */
export function fieldAnnotations(schema: object): FieldAnnotations {
  const s = schema as Record<string, unknown>;
  const out: FieldAnnotations = {};
  if (typeof s.description === 'string') out.description = s.description;
  if (typeof s.kind === 'string') out.kind = s.kind as FieldKindName;
  if (typeof s.width === 'number') out.width = s.width;
  if (s.align === 'left' || s.align === 'right') out.align = s.align;
  if (typeof s.hidden === 'boolean') out.hidden = s.hidden;
  if (typeof s.header === 'string') out.header = s.header;
  if (s.computed === true) out.computed = true;
  if (typeof s.sizeField === 'string') out.sizeField = s.sizeField;
  const applies = conditionOf(s.appliesWhen);
  if (applies) out.appliesWhen = applies;
  if (typeof s.metric === 'object' && s.metric !== null) out.metric = s.metric as FieldMetric;
  return out;
}
