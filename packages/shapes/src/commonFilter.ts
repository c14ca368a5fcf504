import type { Collection } from '@gadgetry/native-bpf';
import { COMM_MAX_BYTES, COMMON_FILTER_MAX_VALUES } from '@gadgetry/sdk';
import { ShapeError } from './ShapeError.js';

/** The map of <gadgetry/common_filter.h>. */
export const COMMON_FILTER_MAP = 'gadget_common_filter';

/** The values to keep, per filter (the SDK's commonFilterParams); a filter left out or empty keeps everything. */
export interface CommonFilters {
  pid?: number[];
  tid?: number[];
  uid?: number[];
  gid?: number[];
  comm?: string[];
}

type FilterName = keyof CommonFilters;

/** Each filter's enum gadget_filter_kind and switch, as <gadgetry/common_filter.h> declares them. */
const FILTERS: Record<FilterName, { kind: number; global: string }> = {
  pid: { kind: 1, global: 'gadget_filter_by_pid' },
  tid: { kind: 2, global: 'gadget_filter_by_tid' },
  uid: { kind: 3, global: 'gadget_filter_by_uid' },
  gid: { kind: 4, global: 'gadget_filter_by_gid' },
  comm: { kind: 5, global: 'gadget_filter_by_comm' },
};
const NAMES = Object.keys(FILTERS) as FilterName[];
const KEY_SIZE = 24; // struct gadget_filter_key: kind, id, comm[16]

/** A value as a one-line message shows it: quoted, control characters escaped, cut short. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const escaped = text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 40 ? `${escaped.slice(0, 40)}…` : escaped;
}

const refuse = (flag: string, value: unknown, why: string) => new ShapeError('PARAM_INVALID', `invalid value ${shown(value)} for --${flag}: ${why}`);

/**
 * The common filters among a gadget's validated params, checked again here
 * (a library caller may hand params the runtime never saw): ids below 2^32,
 * command names of 1 to 15 bytes, at most 64 values each. Params that are
 * not lists are the gadget's own, not these. Undefined when none is set.
 */
export function commonFiltersOf(params: unknown): CommonFilters | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const out: CommonFilters = {};
  for (const name of NAMES) {
    const values = (params as Record<string, unknown>)[name];
    if (!Array.isArray(values) || values.length === 0) continue;
    if (values.length > COMMON_FILTER_MAX_VALUES) {
      throw new ShapeError('PARAM_INVALID', `too many values for --${name}: ${values.length}; the kernel keeps at most ${COMMON_FILTER_MAX_VALUES}`);
    }
    for (const v of values) {
      if (name === 'comm') {
        if (typeof v !== 'string' || v.length === 0 || v.includes('\0')) throw refuse(name, v, 'expected a command name');
        const bytes = Buffer.byteLength(v);
        if (bytes > COMM_MAX_BYTES) throw refuse(name, v, `${bytes} bytes; the kernel keeps at most ${COMM_MAX_BYTES} bytes of a command name`);
      } else if (!Number.isInteger(v) || v < 0 || v > 4294967295) {
        throw refuse(name, v, 'expected an integer from 0 to 4294967295');
      }
    }
    (out as Record<string, unknown>)[name] = values;
  }
  return NAMES.some((n) => out[n]) ? out : undefined;
}

/** Globals that turn on, before load, the filters that have values. */
export function commonFilterGlobals(filters: CommonFilters | undefined): Record<string, boolean> {
  return Object.fromEntries(NAMES.filter((n) => filters?.[n]?.length).map((n) => [FILTERS[n].global, true]));
}

function key(name: FilterName, value: number | string): Buffer {
  const k = Buffer.alloc(KEY_SIZE);
  k.writeUInt32LE(FILTERS[name].kind, 0);
  if (typeof value === 'number') k.writeUInt32LE(value, 4);
  else k.write(value, 8, 16, 'utf8'); // at most 15 bytes: the rest stays NUL, as the kernel pads comm
  return k;
}

/**
 * Puts the filters' values in the object's gadget_common_filter map. The
 * object must include <gadgetry/common_filter.h> and have been loaded with
 * commonFilterGlobals(filters); otherwise the filters could not apply, and
 * the run is refused rather than showing what was asked to be left out.
 */
export function applyCommonFilter(collection: Collection, filters: CommonFilters): void {
  const declared = new Set(collection.globals().map((g) => g.name));
  const asked = NAMES.filter((n) => filters[n]?.length);
  if (!collection.maps.has(COMMON_FILTER_MAP) || asked.some((n) => !declared.has(FILTERS[n].global))) {
    const flags = asked.map((n) => `--${n}`).join(', ');
    throw new ShapeError('FILTER_UNSUPPORTED', `this gadget cannot filter by ${flags}: its BPF object does not include <gadgetry/common_filter.h>`);
  }
  const map = collection.map(COMMON_FILTER_MAP);
  const one = Buffer.from([1]);
  for (const name of asked) for (const v of filters[name]!) map.update(key(name, v), one);
}
