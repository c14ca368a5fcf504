import type { GadgetInstance } from '@gadgetry/sdk';

/** A gadget instance that implements the lifecycle methods `K` (so callers may wrap them). */
export type ShapeInstance<P, E, K extends keyof GadgetInstance<P, E>> = GadgetInstance<P, E> & Required<Pick<GadgetInstance<P, E>, K>>;
