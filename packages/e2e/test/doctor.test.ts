// gadgetry doctor with the workspace's native-bpf beside the runtime and the real gadgets installed.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { ROOT } from './fixtures/workspace.js';

describe('gadgetry doctor', () => {
  it('reports each kernel check with a status', async () => {
    const r = await runCli(['doctor'], ROOT);
    expect(r.stdout).toMatch(/^CHECK\s+STATUS\s+DETAIL$/m);
    for (const check of ['kernel', 'privileges', 'BTF', 'tracefs', 'bpffs', 'libbpf', 'gadgets']) {
      expect(r.stdout).toMatch(new RegExp(`^${check}\\s+(ok|FAIL)\\s+\\S`, 'm'));
    }
    if (process.getuid?.() === 0) {
      expect(r.stdout).toMatch(/^privileges\s+ok/m);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });

  it('reports what this kernel offers gadgets, each kind of program probed, with the Linux version it arrived in', async () => {
    const r = await runCli(['doctor'], ROOT);
    expect(r.stdout).toMatch(/^FEATURE\s+STATUS\s+DETAIL$/m);
    const kinds = ['tracepoints', 'raw tracepoints', 'BTF tracepoints \\(tp_btf\\)', 'kprobes', 'uprobes', 'fentry/fexit', 'LSM programs', 'BPF iterators', 'perf_event programs', 'socket filters'];
    for (const kind of kinds) expect(r.stdout).toMatch(new RegExp(`^${kind}\\s+(ok|missing|refused|unknown)\\s+\\S.*; since Linux \\d+\\.\\d+$`, 'm'));
    for (const line of ['kernel BTF', 'ring buffers', 'exact interval counts', 'helpers', 'other program types', 'map types']) {
      expect(r.stdout).toMatch(new RegExp(`^${line}\\s+(ok|missing|refused|unknown)\\s+\\S`, 'm'));
    }
    if (process.getuid?.() === 0) {
      // as root every kind was really loaded and attached: none is left unknown
      expect(r.stdout).not.toMatch(/^(tracepoints|kprobes|fentry\/fexit)\s+unknown/m);
      expect(r.stdout).toMatch(/^tracepoints\s+ok\s+loads( and attaches|; attaching needs tracefs)/m);
      if (!existsSync('/sys/bus/event_source/devices/kprobe/type') && !existsSync('/sys/kernel/tracing/kprobe_events')) {
        expect(r.stdout).toMatch(/^kprobes\s+missing\s+not available \(CONFIG_KPROBES is off\); since Linux 4\.1$/m);
      }
    }
  });
});
