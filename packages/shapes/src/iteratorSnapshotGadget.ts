import { createDecoder, decodeFixedRecords, type CollectionOptions } from '@gadgetry/native-bpf';
import type { TObject } from '@gadgetry/sdk';
import { loadForRun, type RunObject } from './loadForRun.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun } from './ShapeRun.js';

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
  /** The oldest Linux the gadget runs on ("5.8"); older kernels are refused before anything is loaded. */
  minKernel?: string;
  /** The Linux version each required program's hook arrived in (program name or section -> "6.3"): a kernel without one is refused naming both. */
  hooksAddedIn?: Record<string, string>;
}

/**
 * A complete one-shot gadget instance around a BPF iterator: at start it
 * loads the object (with the container filter, if any), runs the iterator
 * once and emits every record as one table; close releases the object.
 */
export function iteratorSnapshotGadget<P, E>(
  o: IteratorSnapshotGadgetOptions<P>,
): ShapeInstance<P, E, 'init' | 'setEventHandlerArray' | 'setMountNsFilter' | 'start' | 'close'> {
  const run = new ShapeRun<P>(o);
  let object: RunObject | undefined;
  let emit: (rows: E[]) => void = () => {};
  let loadOptions: Pick<CollectionOptions, 'globals' | 'skipPrograms'> = {};
  return {
    init(c) {
      run.init(c);
      loadOptions = o.configure?.(c.params) ?? {};
    },
    setEventHandlerArray(handler) {
      emit = handler;
    },
    setMountNsFilter(filter) {
      run.mntnsFilter = filter;
    },
    async start() {
      run.prepareKernel();
      object = await loadForRun(o.object, { ...loadOptions, ...run.requirements() }, run.filters());
      const { collection } = object;
      const layout = collection.structLayout(o.struct);
      const decode = createDecoder<E>(layout, o.schema);
      emit(decodeFixedRecords(collection.attach(o.program).readIterator(), layout.size, decode));
    },
    close() {
      object?.release();
    },
  };
}
