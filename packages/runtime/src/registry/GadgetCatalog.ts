import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import {
  chosenOver,
  discoverGadgets,
  type DiscoveredGadget,
  type DiscoveredOperator,
  type DiscoveredPackage,
  type DiscoverOptions,
  type Discovery,
} from '../discovery/discoverGadgets.js';
import { escapeTerminal } from '@gadgetry/errors';
import { GadgetNotFoundError, GadgetryError, describeError } from '../errors.js';
import { GadgetUnusableError } from './GadgetUnusableError.js';
import { loadGadgetDescriptor, loadOperatorDescriptors } from './loadDescriptor.js';
import { operatorApplies } from './operatorApplies.js';
import { TrustPolicy } from './TrustPolicy.js';

export interface CatalogOptions extends DiscoverOptions {
  /** Who may own code that is imported; defaults to root and the invoking user. */
  trust?: TrustPolicy;
  /** Receives one line per operator package skipped while loading; defaults to `catalog.warnings`. */
  warn?: (line: string) => void;
}

function shown(p: DiscoveredPackage): string {
  return `${escapeTerminal(p.packageName)} (${escapeTerminal(p.packageDir)})`;
}

/** The first package that shadows `winner` without the user having chosen between them. */
function unchosenRival<T extends DiscoveredPackage & { shadowed: DiscoveredPackage[] }>(winner: T): DiscoveredPackage | undefined {
  return winner.shadowed.find((other) => !chosenOver(winner, other));
}

/**
 * The installed gadgets and operators. Listing reads manifests only; a
 * gadget's code is imported when it is described or run, and only after its
 * folders pass the trust rules (see docs/security.md).
 */
export class GadgetCatalog {
  readonly discovery: Discovery;
  readonly trust: TrustPolicy;
  /** Lines about operator packages skipped while loading, when no `warn` callback was given. */
  readonly warnings: string[] = [];
  private readonly warn: (line: string) => void;

  constructor(options: CatalogOptions = {}) {
    this.discovery = discoverGadgets(options);
    this.trust = options.trust ?? new TrustPolicy();
    this.warn = options.warn ?? ((line) => this.warnings.push(line));
    // a --gadget-path that names nothing is said once, whatever the command
    for (const p of this.discovery.problems) if (p.code === 'GADGET_PATH_MISSING') this.warn(p.message);
  }

  /**
   * The usable gadget of that name. A gadget that exists but cannot be used
   * (invalid manifest, other SDK, offered twice) is a GadgetUnusableError that
   * says why; only a name nothing offers is a GadgetNotFoundError.
   */
  find(name: string): DiscoveredGadget {
    const found = this.discovery.gadgets.find((g) => g.manifest.name === name);
    if (found) {
      const rival = unchosenRival(found);
      if (rival) {
        throw new GadgetUnusableError(
          'GADGET_SHADOWED',
          `gadget "${name}" is offered by both ${shown(found)} and ${shown(rival)}; remove one, or pass the folder of the one you want with --gadget-path`,
        );
      }
      return found;
    }
    const rejected = this.discovery.rejected.find((r) => r.kind === 'gadget' && r.name === name);
    if (rejected) {
      throw new GadgetUnusableError(rejected.code, `gadget "${name}" in ${escapeTerminal(rejected.packageName)} (${escapeTerminal(rejected.packageDir)}) cannot be used: ${rejected.reason}`);
    }
    throw new GadgetNotFoundError(name, this.discovery.gadgets.map((g) => g.manifest.name));
  }

  /** Imports the gadget's code (after the trust checks) and returns its descriptor. */
  async loadGadget(name: string): Promise<GadgetDescriptor> {
    return loadGadgetDescriptor(this.find(name), this.trust);
  }

  /**
   * The operators for this gadget: only packages whose manifest says they apply
   * to it are imported. One that is untrusted, fails to import or exports the
   * wrong thing is skipped with one warning line; an applicable operator
   * offered by two packages the user did not choose between is an error.
   */
  async loadOperatorsFor(gadget: GadgetDescriptor): Promise<OperatorDescriptor[]> {
    const applicable = this.discovery.operators.filter((o) => operatorApplies(o.manifest.appliesTo, gadget));
    for (const op of applicable) {
      const rival = unchosenRival(op);
      if (rival) {
        throw new GadgetUnusableError(
          'OPERATOR_SHADOWED',
          `operator package "${op.manifest.name}" is offered by both ${shown(op)} and ${shown(rival)}; remove one, or pass the folder of the one you want with --gadget-path`,
        );
      }
    }
    return this.load(applicable);
  }

  /**
   * Every discovered operator package that passes the checks, for library
   * users that pick operators themselves; prefer loadOperatorsFor(gadget).
   */
  async loadOperators(): Promise<OperatorDescriptor[]> {
    return this.load(this.discovery.operators);
  }

  private async load(packages: DiscoveredOperator[]): Promise<OperatorDescriptor[]> {
    const out: OperatorDescriptor[] = [];
    const from = new Map<string, DiscoveredOperator>();
    for (const pkg of packages) {
      let list: OperatorDescriptor[];
      try {
        list = await loadOperatorDescriptors(pkg, this.trust);
      } catch (err) {
        const line = err instanceof GadgetryError ? describeError(err) : `cannot load ${shown(pkg)}: ${escapeTerminal(String((err as Error)?.message ?? err))}`;
        this.warn(`${line}; operator package skipped`);
        continue;
      }
      for (const op of list) {
        const earlier = from.get(op.name);
        if (earlier) {
          this.warn(`operator "${escapeTerminal(op.name)}" of ${shown(pkg)} skipped: ${shown(earlier)} already provides an operator of that name`);
          continue;
        }
        from.set(op.name, pkg);
        out.push(op);
      }
    }
    return out;
  }
}
