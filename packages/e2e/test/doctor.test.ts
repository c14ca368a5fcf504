// gadgetry doctor with the workspace's native-bpf beside the runtime and the real gadgets installed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../runtime/test/fixtures/runCli.js';
import { ROOT } from './fixtures/workspace.js';

describe('gadgetry doctor', () => {
  it('reports each kernel check with a status', async () => {
    const r = await runCli(['doctor'], ROOT);
    expect(r.stdout).toMatch(/^CHECK\s+STATUS\s+DETAIL$/m);
    for (const check of ['kernel', 'privileges', 'BTF', 'tracefs', 'bpffs', 'libbpf', 'kprobes', 'gadgets']) {
      expect(r.stdout).toMatch(new RegExp(`^${check}\\s+(ok|FAIL)\\s+\\S`, 'm'));
    }
    if (process.getuid?.() === 0) {
      expect(r.stdout).toMatch(/^privileges\s+ok/m);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });
});
