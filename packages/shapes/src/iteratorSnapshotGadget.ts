import { createDecoder, decodeFixedRecords, type CollectionOptions } from '@gadgetry/native-bpf';
import type { TObject } from '@gadgetry/sdk';
import { loadForRun, type RunObject } from './loadForRun.js';
import { readEachNamespace } from './readEachNamespace.js';
import type { OptionalPrograms } from './optionalPrograms.js';
import type { ShapeInstance } from './ShapeInstance.js';
import { ShapeRun } from './ShapeRun.js';
import { scanFor, socketOwners } from './socketOwners.js';

export interface IteratorSnapshotGadgetOptions<P, E = Record<string, unknown>> {
  /** Path or bytes of the compiled BPF object. */
  object: string | Buffer;
  /** The iter/* program (or programs, read one after the other) that write one record per item with bpf_seq_write. */
  program: string | string[];
  /** Name of the record struct in the object's BTF (every program writes it). */
  struct: string;
  /** The gadget's TypeBox event schema. */
  schema: TObject;
  /** Object name in kernel listings. */
  name?: string;
  /**
   * Turns validated params into load options (globals) and, when the
   * params choose, the programs this run reads (a subset of `program`; the
   * others are not loaded). Throw to reject a value.
   */
  configure?(params: P): Pick<CollectionOptions, 'globals' | 'skipPrograms'> & { programs?: string[] };
  /** The oldest Linux the gadget runs on ("5.8"); older kernels are refused before anything is loaded. */
  minKernel?: string;
  /** The Linux version each required program's hook arrived in (program name or section -> "6.3"): a kernel without one is refused naming both. */
  hooksAddedIn?: Record<string, string>;
  /** Programs the gadget can do without where the kernel lacks their iterator (reported once each). */
  optionalPrograms?: (OptionalPrograms | string)[];
  /**
   * The programs iterate sockets, which the kernel lists per network
   * namespace: read them in every namespace a process is in, not only this
   * process's own.
   */
  eachNetworkNamespace?: boolean;
  /** The object includes <gadgetry/socket_owner.h>: fill its owner table (socketOwners()) before the programs run. */
  socketOwners?: boolean;
  /** Fills computed fields of each record. */
  complete?(record: E): void;
}

/**
 * A complete one-shot gadget instance around BPF iterators: at start it
 * loads the object (with the container filter, if any), runs each iterator
 * once (in each network namespace when asked) and emits every record as one
 * table; close releases the object.
 */
export function iteratorSnapshotGadget<P, E>(
  o: IteratorSnapshotGadgetOptions<P, E>,
): ShapeInstance<P, E, 'init' | 'setEventHandlerArray' | 'setMountNsFilter' | 'start' | 'close' | 'kernelCost'> {
  const run = new ShapeRun<P>(o);
  const all = typeof o.program === 'string' ? [o.program] : o.program;
  let object: RunObject | undefined;
  let emit: (rows: E[]) => void = () => {};
  let loadOptions: Pick<CollectionOptions, 'globals' | 'skipPrograms'> = {};
  let chosen = all;
  return {
    init(c) {
      run.init(c);
      const { programs, ...load } = o.configure?.(c.params) ?? {};
      chosen = programs ?? all;
      const unknown = chosen.filter((p) => !all.includes(p));
      if (unknown.length) throw new TypeError(`iteratorSnapshotGadget: configure() chose ${unknown.join(', ')}, which is not among its programs (${all.join(', ')})`);
      loadOptions = { ...load, skipPrograms: [...(load.skipPrograms ?? []), ...all.filter((p) => !chosen.includes(p))] };
    },
    setEventHandlerArray(handler) {
      emit = handler;
    },
    setMountNsFilter(filter) {
      run.addMountNsFilter(filter);
    },
    async start() {
      run.prepareKernel();
      object = await loadForRun(o.object, { ...loadOptions, ...run.requirements() }, run.filters());
      const collection = run.track(object.collection);
      const layout = collection.structLayout(o.struct);
      const decode = createDecoder<E>(layout, o.schema);
      if (o.socketOwners) socketOwners(collection, scanFor(run.filters()));
      const rows: E[] = [];
      // optional programs whose iterator this kernel lacks were left out
      const loaded = new Set(collection.programs.filter((p) => p.loaded).map((p) => p.name));
      for (const program of chosen.filter((p) => loaded.has(p))) {
        const link = collection.attach(program);
        const outputs = o.eachNetworkNamespace ? readEachNamespace(link) : [link.readIterator()];
        for (const data of outputs) rows.push(...decodeFixedRecords(data, layout.size, decode));
        link.close();
      }
      if (o.complete) for (const row of rows) o.complete(row);
      emit(rows);
    },
    close() {
      object?.release();
    },
    kernelCost: () => run.kernelCost(),
  };
}
