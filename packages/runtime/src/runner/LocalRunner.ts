import { hostname } from 'node:os';
import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import type { KindContext } from '@gadgetry/kinds';
import type { GadgetCatalog } from '../registry/GadgetCatalog.js';
import type { GadgetInfo } from './GadgetInfo.js';
import type { GadgetList, GadgetRunner, RunStream, RunnerRunOptions } from './GadgetRunner.js';
import { LocalRunStream } from './LocalRunStream.js';
import { markProcessPhase } from '../lifecycle/startupPhases.js';

export interface LocalRunnerOptions {
  /** The name messages are tagged with; this host's name by default. */
  node?: string;
}

/** Runs gadgets on this host, through the catalog's discovery and the runtime's lifecycle driver. */
export class LocalRunner implements GadgetRunner {
  readonly node: string;
  /** Each gadget is loaded once, with its operators: loading warns about broken operator packages, once. */
  readonly #loaded = new Map<string, Promise<{ descriptor: GadgetDescriptor; operators: OperatorDescriptor[] }>>();

  constructor(
    readonly catalog: GadgetCatalog,
    options: LocalRunnerOptions = {},
  ) {
    this.node = options.node ?? hostname();
  }

  list(): Promise<GadgetList> {
    const d = this.catalog.discovery;
    return Promise.resolve({
      gadgets: d.gadgets.map((g) => ({
        name: g.manifest.name,
        type: g.manifest.type,
        category: g.manifest.category,
        version: g.version,
        package: g.packageName,
        description: g.manifest.description,
        path: g.packageDir,
      })),
      operators: d.operators.map((o) => ({
        name: o.manifest.name,
        appliesTo: o.manifest.appliesTo,
        version: o.version,
        package: o.packageName,
        description: o.manifest.description,
        path: o.packageDir,
      })),
      problems: d.problems.map((p) => ({ code: p.code, message: p.message })),
    });
  }

  /** Params do not change a gadget's fields yet; they are accepted for runners where they will. */
  async describe(name: string, _params?: Record<string, unknown>): Promise<GadgetInfo> {
    const found = this.catalog.find(name);
    const { descriptor, operators } = await this.#load(name);
    const { gadgetInfoOf } = await import('./gadgetInfoOf.js');
    return gadgetInfoOf(descriptor, operators, { name: found.packageName, version: found.version });
  }

  #load(name: string): Promise<{ descriptor: GadgetDescriptor; operators: OperatorDescriptor[] }> {
    let loaded = this.#loaded.get(name);
    if (!loaded) {
      loaded = (async () => {
        const descriptor = await this.catalog.loadGadget(name);
        const operators = await this.catalog.loadOperatorsFor(descriptor);
        markProcessPhase('gadget import');
        return { descriptor, operators };
      })();
      // a failed load is tried again next time (the package may have been fixed)
      loaded.catch(() => this.#loaded.delete(name));
      this.#loaded.set(name, loaded);
    }
    return loaded;
  }

  run(name: string, params: Record<string, unknown>, options: RunnerRunOptions = {}): RunStream {
    // the lifecycle driver and the kinds are imported by the first run: listing needs neither
    let kinds: KindContext | undefined;
    const start = (async () => {
      const [{ runGadget }, { hostKindContext }] = await Promise.all([import('../lifecycle/runGadget.js'), import('../kinds/hostKindContext.js')]);
      kinds = hostKindContext({ timestampFormat: options.timestampFormat });
      const { descriptor, operators } = await this.#load(name);
      return runGadget(descriptor, {
        params,
        operators,
        timeoutMs: options.timeoutMs ?? 0,
        strict: options.strict ?? false,
        traceSelf: options.traceSelf === true,
        kinds,
        stats: options.stats === true,
        ...(options.statsIntervalMs !== undefined ? { statsIntervalMs: options.statsIntervalMs } : {}),
      });
    })();
    const host = () => ({ bootToEpochNs: String(kinds?.bootToEpochNs?.() ?? 0n), arch: kinds?.arch ?? process.arch });
    return new LocalRunStream(this.node, start, host, options.signal);
  }
}
