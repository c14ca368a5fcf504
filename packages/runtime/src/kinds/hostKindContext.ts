import { archName, type KindContext, type TimestampFormat } from '@gadgetry/kinds';
import { bootClockOffset } from './bootClock.js';
import { readBtfEnum } from './btfEnum.js';

export interface HostKindOptions {
  timestampFormat?: TimestampFormat;
  utc?: boolean;
}

/**
 * What formatting needs to know about this machine: its boot clock's offset
 * from the wall clock (measured when first needed), its architecture, and its
 * kernel's drop-reason names (read from its BTF when first needed).
 */
export function hostKindContext(options: HostKindOptions = {}): KindContext {
  let dropReasons: ReadonlyMap<number, string> | undefined | null = null;
  return {
    bootToEpochNs: bootClockOffset(),
    arch: archName(process.arch),
    ...(options.timestampFormat ? { timestampFormat: options.timestampFormat } : {}),
    ...(options.utc ? { utc: true } : {}),
    dropReasons: () => {
      if (dropReasons === null) dropReasons = readBtfEnum('skb_drop_reason');
      return dropReasons;
    },
  };
}
