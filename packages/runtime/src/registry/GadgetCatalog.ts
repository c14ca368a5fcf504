import type { GadgetDescriptor, OperatorDescriptor } from '@gadgetry/sdk';
import { discoverGadgets, type DiscoveredGadget, type DiscoverOptions, type Discovery } from '../discovery/discoverGadgets.js';
import { GadgetNotFoundError } from '../errors.js';
import { loadGadgetDescriptor, loadOperatorDescriptors } from './loadDescriptor.js';

/**
 * The installed gadgets and operators. Listing reads manifests only; a
 * gadget's code is imported when it is described or run.
 */
export class GadgetCatalog {
  readonly discovery: Discovery;

  constructor(options: DiscoverOptions = {}) {
    this.discovery = discoverGadgets(options);
  }

  find(name: string): DiscoveredGadget {
    const found = this.discovery.gadgets.find((g) => g.manifest.name === name);
    if (!found) throw new GadgetNotFoundError(name, this.discovery.gadgets.map((g) => g.manifest.name));
    return found;
  }

  async loadGadget(name: string): Promise<GadgetDescriptor> {
    return loadGadgetDescriptor(this.find(name));
  }

  /** Every discovered operator, loaded. */
  async loadOperators(): Promise<OperatorDescriptor[]> {
    const lists = await Promise.all(this.discovery.operators.map((o) => loadOperatorDescriptors(o)));
    return lists.flat();
  }
}
