import { Type } from '@gadgetry/sdk';
import { describe, expect, it } from 'vitest';
import { mapIntervalGadget } from './mapIntervalGadget.js';
import { gadgetContext } from '../test/fixtures/gadgetContext.js';

const gadgetWith = (intervalSeconds: number) =>
  mapIntervalGadget<Record<string, never>, unknown>({
    object: 'unused.bpf.o',
    map: 'stats',
    struct: 'stat',
    schema: Type.Object({}),
    configure: () => ({ intervalSeconds }),
  });

describe('mapIntervalGadget interval', () => {
  it('refuses at init an interval a Node timer cannot hold, which would fire every millisecond', () => {
    for (const seconds of [1e10, 2147483.648, 0.0004, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let err: unknown;
      try {
        gadgetWith(seconds).init(gadgetContext({}));
      } catch (e) {
        err = e;
      }
      expect((err as { code?: string } | undefined)?.code, String(seconds)).toBe('PARAM_INVALID');
      expect((err as Error).message).toMatch(/^invalid interval of .* seconds: expected 0\.001 to 2147483\.647$/);
    }
  });

  it('accepts 1 ms up to the largest timer', () => {
    for (const seconds of [0.001, 1, 2147483.647]) expect(() => gadgetWith(seconds).init(gadgetContext({})), String(seconds)).not.toThrow();
  });
});
