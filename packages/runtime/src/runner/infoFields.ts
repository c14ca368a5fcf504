import type { TSchema } from '@gadgetry/sdk';
import type { KindContext } from '@gadgetry/kinds';
import { shownFields, type FieldInfo } from '../output/fields.js';
import type { GadgetInfo } from './GadgetInfo.js';

/** The fields a run of the gadget shows, from its info alone: what outputs, `--fields` and `describe` use. */
export function infoFields(info: GadgetInfo, ctx: KindContext = {}): FieldInfo[] {
  return shownFields(
    info.fields.map((f) => ({ name: f.name, schema: f.schema as TSchema, ...(f.addedBy !== undefined ? { addedBy: f.addedBy } : {}) })),
    ctx,
  );
}
