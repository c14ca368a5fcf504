// Turns the event structs of an object's BTF into event fields, the way the
// decoder of @gadgetry/native-bpf reads them: nested structs flattened (their
// members found by their own names), members named in camelCase (the decoder
// finds `mntns_id` for `mntnsId`), members starting with `_` left out as padding.
import { BuildError } from './BuildError.mjs';

/** Prefix of the variables GADGET_EVENT_TYPE(tag) declares (<gadgetry/common.h>). */
const EVENT_TYPE_VAR = '__gadget_event_type_';

/**
 * Members typed with the kind typedefs of <gadgetry/types.h>: the schema they
 * get, and the C type they must resolve to.
 */
const KIND_TYPEDEFS = {
  gadget_pid: { schema: { use: 'pid' }, int: 4 },
  gadget_tid: { schema: { use: 'tid' }, int: 4 },
  gadget_ppid: { schema: { use: 'ppid' }, int: 4 },
  gadget_uid: { schema: { use: 'uid' }, int: 4 },
  gadget_gid: { schema: { use: 'gid' }, int: 4 },
  gadget_mntns_id: { schema: { use: 'mntnsId' }, int: 8 },
  gadget_comm: { schema: { use: 'comm' }, chars: 16 },
  gadget_timestamp: { schema: { type: 'integer', kind: 'timestamp', int64: true }, int: 8 },
};

/**
 * @typedef {import('./readBtf.mjs').BtfType} BtfType
 * @typedef {{ use: string }
 *   | { type: 'integer', kind?: string, int64?: boolean }
 *   | { type: 'bigint' | 'boolean' | 'string' }
 *   | { type: 'array', items: 'integer' | 'bigint' }} FieldSchema
 * @typedef {{ key: string, path: string, ctype: string, schema: FieldSchema }} EventField
 * @typedef {{ name: string, size: number, fields: EventField[] }} EventStruct
 */

const camel = (/** @type {string} */ name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
// the decoder's snake_case form of a field name (createDecoder.ts)
const snake = (/** @type {string} */ key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * @param {BtfType[]} types
 * @param {number} id
 */
function typeAt(types, id) {
  const t = types[id];
  if (!t) throw new BuildError('BTF_INVALID', `the object's BTF is unreadable: type ${id} is referenced but missing`);
  return t;
}

/**
 * Follows typedefs and qualifiers to the type itself; also returns the typedef names on the way.
 * @param {BtfType[]} types
 * @param {number} id
 */
function resolve(types, id) {
  const typedefs = [];
  let t = typeAt(types, id);
  for (let hops = 0; ['typedef', 'const', 'volatile', 'restrict', 'type_tag'].includes(t.kind); hops++) {
    if (hops > 32) throw new BuildError('BTF_INVALID', `the object's BTF is unreadable: type ${id} loops`);
    if (t.kind === 'typedef') typedefs.push(t.name);
    t = typeAt(types, /** @type {number} */ (t.type));
  }
  return { t, typedefs };
}

/**
 * The struct tags the object names with GADGET_EVENT_TYPE(tag), in name
 * order (the generated file must not change with the compiler's emit order).
 * @param {BtfType[]} types
 * @returns {string[]}
 */
export function eventStructNames(types) {
  const out = [];
  for (const v of types) {
    if (v.kind !== 'var' || !v.name.startsWith(EVENT_TYPE_VAR)) continue;
    let { t } = resolve(types, /** @type {number} */ (v.type));
    if (t.kind === 'ptr') t = resolve(types, /** @type {number} */ (t.type)).t;
    if (t.kind === 'struct' && !out.includes(t.name)) out.push(t.name);
  }
  return out.sort();
}

/** The C spelling of a member's type, for the comment beside its field. */
function cType(/** @type {BtfType[]} */ types, /** @type {number} */ id, depth = 0) {
  const t = typeAt(types, id);
  if (depth > 8) return '?';
  if (t.kind === 'array') return `${cType(types, /** @type {number} */ (t.elementType), depth + 1)}[${t.count}]`;
  if (t.kind === 'ptr') return `${cType(types, /** @type {number} */ (t.type), depth + 1)} *`;
  if (t.kind === 'struct' || t.kind === 'union' || t.kind === 'enum') return `${t.kind} ${t.name || '(anon)'}`;
  if (['const', 'volatile', 'restrict', 'type_tag'].includes(t.kind)) return cType(types, /** @type {number} */ (t.type), depth + 1);
  return t.name || t.kind;
}

/**
 * The schema of one member, or why it has none.
 * @param {BtfType[]} types
 * @param {number} typeId
 * @param {(why: string) => never} refuse
 * @returns {FieldSchema | 'struct'}
 */
function schemaOf(types, typeId, refuse) {
  const { t, typedefs } = resolve(types, typeId);
  const kindDef = typedefs.find((n) => Object.hasOwn(KIND_TYPEDEFS, n));
  if (kindDef) {
    const want = KIND_TYPEDEFS[/** @type {keyof typeof KIND_TYPEDEFS} */ (kindDef)];
    const fits = 'int' in want ? t.kind === 'int' && t.size === want.int : t.kind === 'array' && t.count === want.chars;
    if (!fits) refuse(`is typed ${kindDef}, which <gadgetry/types.h> defines otherwise; include that header instead of your own typedef`);
    return /** @type {FieldSchema} */ (want.schema);
  }
  switch (t.kind) {
    case 'int':
      if (t.bool) return { type: 'boolean' };
      if (t.size === 8) return { type: 'bigint' };
      if (t.size === 1 || t.size === 2 || t.size === 4) return { type: 'integer' };
      return refuse(`is a ${t.size}-byte integer; the decoder reads 1, 2, 4 and 8 bytes`);
    case 'enum':
    case 'enum64':
      return t.size === 8 ? { type: 'bigint' } : { type: 'integer' };
    case 'ptr':
      return { type: 'bigint' }; // an address: every bit matters
    case 'array': {
      const e = resolve(types, /** @type {number} */ (t.elementType)).t;
      if (e.kind === 'int' && e.size === 1 && e.name === 'char') return { type: 'string' };
      if ((e.kind === 'int' && !e.bool) || e.kind === 'enum' || e.kind === 'enum64') {
        if ([1, 2, 4, 8].includes(e.size ?? 0)) return { type: 'array', items: e.size === 8 ? 'bigint' : 'integer' };
      }
      return refuse(`is an array of ${cType(types, /** @type {number} */ (t.elementType))}; event fields hold arrays of integers, and char arrays as strings`);
    }
    case 'struct':
      return 'struct';
    case 'union':
      return refuse('is a union, which no event field can hold; use a struct or separate members');
    case 'float':
      return refuse('is a floating-point number, which the decoder does not read; send an integer (e.g. scaled)');
    default:
      return refuse(`is a ${t.kind}, which no event field can hold`);
  }
}

/**
 * The event fields of struct `name`, in member order.
 * @param {BtfType[]} types
 * @param {string} name
 * @returns {EventStruct}
 */
export function eventStruct(types, name) {
  const root = types.find((t) => t.kind === 'struct' && t.name === name);
  if (!root) throw new BuildError('BTF_INVALID', `the object's BTF has no struct ${name}`);
  /** @type {EventField[]} */
  const fields = [];
  // what the decoder looks members up by: full paths, and nested members' own names when unambiguous
  const paths = new Set();
  /** @type {Map<string, string | null>} */
  const short = new Map();
  const walk = (/** @type {BtfType} */ struct, /** @type {string} */ prefix, /** @type {number} */ depth) => {
    if (depth > 8) throw new BuildError('EVENT_UNSUPPORTED', `struct ${name} nests structs more than 8 deep`);
    for (const m of struct.members ?? []) {
      const path = prefix ? `${prefix}.${m.name}` : m.name;
      /** @returns {never} */
      const refuse = (/** @type {string} */ why) => {
        throw new BuildError('EVENT_UNSUPPORTED', `struct ${name}: member ${path || '(anonymous)'} ${why}; or start its name with _ to leave it out of the event`);
      };
      if (m.bitfieldSize) {
        if (!m.name || m.name.startsWith('_')) continue;
        refuse(`is a bitfield, which the decoder does not read; make it a whole integer`);
      }
      if (!m.name) refuse('has no name (an anonymous struct or union); name it');
      if (m.name.startsWith('_')) continue;
      paths.add(path);
      if (prefix) short.set(m.name, short.has(m.name) ? null : path);
      const schema = schemaOf(types, m.type, refuse);
      if (schema === 'struct') {
        walk(resolve(types, m.type).t, path, depth + 1);
        continue;
      }
      const key = snake(camel(m.name)) === m.name ? camel(m.name) : m.name;
      fields.push({ key, path, ctype: cType(types, m.type), schema });
    }
  };
  walk(root, '', 0);
  // each field must lead the decoder to its own member (createDecoder's lookup)
  const find = (/** @type {string} */ n) => (paths.has(n) ? n : short.get(n) ?? undefined);
  const seen = new Map();
  for (const f of fields) {
    const other = seen.get(f.key);
    if (other) throw new BuildError('EVENT_UNSUPPORTED', `struct ${name}: members ${other} and ${f.path} would both be event field ${f.key}; rename one`);
    seen.set(f.key, f.path);
    if ((find(f.key) ?? find(snake(f.key))) !== f.path) {
      throw new BuildError('EVENT_UNSUPPORTED', `struct ${name}: member ${f.path} cannot be told apart from another member named ${f.path.split('.').pop()}; rename one`);
    }
  }
  return { name, size: /** @type {number} */ (root.size), fields };
}
