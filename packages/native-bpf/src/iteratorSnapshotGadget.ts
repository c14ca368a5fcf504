import type { TObject } from '@sinclair/typebox';
import { Collection, type CollectionOptions } from './Collection.js';
import { createDecoder } from './createDecoder.js';
import type { MountNsIds } from './mountNsFilter.js';
import { decodeFixedRecords } from './RecordBatch.js';
import { prepareKernelFor, type RunContext } from './runContext.js';

export interface IteratorSnapshotGadgetOptions<P> {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /** The iter/* program that writes one record per item with bpf_seq_write. */
  program: string;
  /** Name of the record struct in the object's BTF. */
  struct: string;
  /** The gadget's TypeBox event schema. */
  schema: TObject;
  /** Object name in kernel listings. */
  name?: string;
  /** Turns validated params into load options (globals). Throw to reject a value. */
  configure?(params: P): Pick<CollectionOptions, 'globals' | 'skipPrograms'>;
}

/**
 * A complete one-shot gadget instance around a BPF iterator: at start it
 * loads the object (with the container filter, if any), runs the iterator
 * once and emits every record as one table; close releases the object.
 */
export function iteratorSnapshotGadget<P, E>(o: IteratorSnapshotGadgetOptions<P>) {
  let collection: Collection | undefined;
  let emit: (rows: E[]) => void = () => {};
  let mntnsFilter: MountNsIds | undefined;
  let loadOptions: Pick<CollectionOptions, 'globals' | 'skipPrograms'> = {};
  let ctx: RunContext<P> | undefined;
  return {
    init(c: RunContext<P>) {
      ctx = c;
      loadOptions = o.configure?.(c.params) ?? {};
    },
    setEventHandlerArray(handler: (rows: E[]) => void) {
      emit = handler;
    },
    setMountNsFilter(filter: MountNsIds) {
      mntnsFilter = filter;
    },
    start() {
      prepareKernelFor(ctx?.logger);
      collection = Collection.load(o.object, { ...loadOptions, name: o.name, mntnsFilter, traceSelf: ctx?.traceSelf });
      const layout = collection.structLayout(o.struct);
      const decode = createDecoder<E>(layout, o.schema);
      emit(decodeFixedRecords(collection.attach(o.program).readIterator(), layout.size, decode));
    },
    close() {
      collection?.close();
    },
  };
}
