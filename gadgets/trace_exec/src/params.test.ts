import { describe, expect, it } from 'vitest';
import { kernelTestGate } from '@gadgetry/native-bpf';
import { collectEvents, runGadget } from '@gadgetry/runtime';
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

describe.skipIf(kernelTestGate())('trace_exec kernel memory', () => {
  it('sizes its table of execs in flight by --max-in-flight (1024 by default) and keeps its default maps within 16 MiB', async () => {
    const mapsOf = async (params: Record<string, string>) => {
      const { stats } = await runGadget(traceExec, { params, stats: true, timeoutMs: 200 }).done;
      return stats.cost!;
    };
    const defaults = await mapsOf({});
    expect(defaults.maps.find((m) => m.name === 'pending')?.maxEntries).toBe(1024);
    expect(defaults.mapBytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    const raised = await mapsOf({ 'max-in-flight': '4096' });
    expect(raised.maps.find((m) => m.name === 'pending')?.maxEntries).toBe(4096);
  });
});
