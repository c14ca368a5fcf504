import { describe, expect, it } from 'vitest';
import { collectEvents } from '@gadgetry/runtime';
import builtinOperators from '@gadgetry/operators';
import traceExec from './index.js';

describe('trace_exec params', () => {
  it('refuses a ring buffer past 1 GiB up front instead of wrapping it to 32 bits', async () => {
    for (const [kb, message] of [
      ['6291456', 'invalid value "6291456" for --buffer-kb of gadget "trace_exec": expected integer (4..1048576)'],
      ['1e3', 'invalid value "1e3" for --buffer-kb of gadget "trace_exec": expected integer (4..1048576)'],
    ]) {
      let started = false;
      const { result } = await collectEvents(traceExec, { params: { 'buffer-kb': kb! }, operators: builtinOperators, timeoutMs: 3000, onStarted: () => (started = true) });
      expect(started, kb).toBe(false);
      expect(result.error?.code, kb).toBe('PARAM_INVALID');
      expect(result.error?.message).toBe(message);
    }
  });
});
