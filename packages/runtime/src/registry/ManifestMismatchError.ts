import { GadgetryError } from '../errors.js';
import { quoteInput } from '@gadgetry/errors';

/** The manifest fields that must equal the descriptor's: list shows the manifest, run uses the descriptor. */
export const MANIFEST_FIELDS = ['name', 'description', 'category', 'type'] as const;
export type ManifestField = (typeof MANIFEST_FIELDS)[number];

/** Characters of each value the message shows: two of them and the advice fit on one line. */
const SHOWN_VALUE_MAX = 40;

/**
 * A gadget package's package.json (`gadgetry` field) says something its
 * descriptor does not: `gadgetry list` would show one gadget and `run` another.
 */
export class ManifestMismatchError extends GadgetryError {
  constructor(
    what: string,
    readonly field: ManifestField,
    manifest: unknown,
    descriptor: unknown,
  ) {
    super(
      'MANIFEST_MISMATCH',
      `${what}: gadgetry.${field} in package.json is ${quoteInput(String(manifest), SHOWN_VALUE_MAX)} ` +
        `but the descriptor says ${quoteInput(String(descriptor), SHOWN_VALUE_MAX)}; make them equal (list shows package.json, run uses the descriptor)`,
    );
  }
}
