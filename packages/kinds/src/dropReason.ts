import type { KindContext } from './KindFormat.js';
import { namedValues } from './namedValues.js';

const shortNames = new WeakMap<ReadonlyMap<number, string>, ReadonlyMap<number, string>>();

/** The kernel's names without their common prefix: SKB_DROP_REASON_NO_SOCKET -> NO_SOCKET, SKB_CONSUMED -> CONSUMED. */
function short(names: ReadonlyMap<number, string> | undefined): ReadonlyMap<number, string> | undefined {
  if (!names) return undefined;
  let out = shortNames.get(names);
  if (!out) {
    out = new Map([...names].map(([v, n]) => [v, n.replace(/^SKB_DROP_REASON_/, '').replace(/^SKB_/, '')]));
    shortNames.set(names, out);
  }
  return out;
}

/**
 * drop_reason: a value of the running kernel's enum skb_drop_reason as its
 * name (NO_SOCKET), read from its BTF. 0 (SKB_NOT_DROPPED_YET) is no drop at
 * all (a reset a gadget reports beside its drops): shown as nothing.
 */
export const dropReasonKind = namedValues({
  names: (ctx: KindContext) => short(ctx.dropReasons?.()),
  zero: '',
  prefix: 'SKB_DROP_REASON_',
  example: 'a name or number, e.g. NO_SOCKET or 3',
});
