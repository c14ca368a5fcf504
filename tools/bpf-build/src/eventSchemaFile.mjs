// The checked-in event schema file of a gadget: generated from the object's
// BTF on every build and compared with what is on disk.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BuildError } from './BuildError.mjs';
import { eventStruct, eventStructNames } from './eventFields.mjs';
import { readBtf } from './readBtf.mjs';
import { renderEventSchema } from './renderEventSchema.mjs';

/**
 * The schema module for the event structs of a compiled object, or undefined
 * when it names none with GADGET_EVENT_TYPE().
 * @param {Buffer} object the .bpf.o bytes
 * @param {string} source the C file, as the module's comment names it
 */
export function eventSchemaModule(object, source) {
  const types = readBtf(object);
  const names = eventStructNames(types);
  if (names.length === 0) return undefined;
  return renderEventSchema(names.map((n) => eventStruct(types, n)), source);
}

/** The first line where two texts differ, 1-based. */
function firstDifference(/** @type {string} */ a, /** @type {string} */ b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i + 1;
}

/**
 * Brings `path` in line with `text`: writes it when missing (or, with
 * `update`, when different); otherwise refuses a stale file.
 * @param {string} path
 * @param {string} text
 * @param {{ update: boolean, object: string }} how
 * @returns {'created' | 'updated' | 'unchanged'}
 */
export function syncSchemaFile(path, text, how) {
  const present = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (present === text) return 'unchanged';
  if (present !== undefined && !how.update) {
    throw new BuildError(
      'SCHEMA_STALE',
      `${path} is out of date with the structs of ${how.object} (from line ${firstDifference(present, text)}); ` +
        'run `npx gadgetry-bpf-build --update` and commit the new file',
    );
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return present === undefined ? 'created' : 'updated';
}
