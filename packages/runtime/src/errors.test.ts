import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GadgetStepError, GadgetryError, MAX_ERROR_LINE, describeError, errorDetails, errorReport } from './errors.js';

/** An error as native-bpf throws it: one line, and libbpf's log beside it. */
function bpfError(message: string, libbpfLog: string): Error {
  return Object.assign(new Error(message), { code: 'BPF_LOAD_FAILED', libbpfLog });
}

const VERIFIER_LOG = "libbpf: prog 'on_open': BPF program load failed: Permission denied\n7: (79) r1 = *(u64 *)(r0 +0)\nR0 invalid mem access 'map_value_or_null'\n";

describe('error lines', () => {
  it('a GadgetryError keeps the first line of a longer message and holds the rest in details', () => {
    const e = new GadgetryError('X_FAILED', 'the first line says what failed\nline two\nline three');
    expect(e.message).toBe('the first line says what failed');
    expect(e.details).toBe('the first line says what failed\nline two\nline three');
    expect(describeError(e)).toBe('the first line says what failed [X_FAILED]');
  });

  it("a lifecycle error's line names the gadget and step; libbpf's log is in its details, not its message", () => {
    const step = new GadgetStepError('trace_open', 'start', bpfError('cannot load BPF object trace_open: Permission denied (errno 13)', VERIFIER_LOG));
    expect(describeError(step)).toBe('gadget "trace_open" failed in start: cannot load BPF object trace_open: Permission denied (errno 13) [BPF_LOAD_FAILED]');
    expect(step.details).toBe(VERIFIER_LOG.trim());
    expect(errorReport(step, false)).toBe(`error: ${describeError(step)} (-v shows details)\n`);
    expect(errorReport(step, true)).toBe(`error: ${describeError(step)}\n${VERIFIER_LOG.trim().split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  });

  it('collects details along the cause chain and stops at a cycle', () => {
    const inner = Object.assign(new Error('inner\nits second line'), { details: 'more about inner' });
    const middle = new Error('middle', { cause: inner });
    (inner as { cause?: unknown }).cause = middle;
    const outer = new GadgetryError('OUTER', 'outer', { cause: middle });
    expect(errorDetails(outer)).toBe('inner\nits second line\nmore about inner');
    expect(errorReport(new GadgetryError('PLAIN', 'nothing more to say'), true)).toBe('error: nothing more to say [PLAIN]\n');
  });

  it('cuts a long line and escapes control characters', () => {
    const e = new GadgetryError('LONG', `value "${'x'.repeat(1000)}" is bad`);
    expect(describeError(e).length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(describeError(e)).toMatch(/… \[LONG\]$/);
    expect(describeError(new Error('bell\u0007 and \u001b[31mred'))).toBe('bell\\x07 and \\x1b[31mred');
    expect(errorDetails(bpfError('x', 'a\tb\u001b[2J\nc'))).toBe('a\tb\\x1b[2J\nc');
  });

  it('any thrown value gives one printable line of at most MAX_ERROR_LINE characters (fast-check)', () => {
    const thrown = fc.oneof(
      fc.anything(),
      fc.string({ unit: 'binary', maxLength: 2000 }).map((m) => new Error(m)),
      fc.tuple(fc.string(), fc.string({ unit: 'binary', maxLength: 2000 })).map(([code, m]) => new GadgetryError(code, m)),
      fc.constant(Object.create(null) as unknown),
    );
    fc.assert(
      fc.property(thrown, fc.boolean(), (err, verbose) => {
        const line = describeError(err);
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(line.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
        const report = errorReport(err, verbose);
        expect(report.startsWith(`error: ${line}`)).toBe(true);
        if (!verbose) expect(report.split('\n')).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });
});
