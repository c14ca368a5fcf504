import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foreignCode } from '@gadgetry/errors';
import { GadgetNotFoundError, GadgetStepError, GadgetryError, MAX_ERROR_LINE, describeError, errorDetails, errorReport, exitStatusOf } from './errors.js';

/** An error as native-bpf throws it: one line, and libbpf's log beside it. */
function bpfError(message: string, libbpfLog: string): Error {
  return Object.assign(new Error(message), { code: 'BPF_LOAD_FAILED', libbpfLog });
}

const VERIFIER_LOG = "libbpf: prog 'on_open': BPF program load failed: Permission denied\n7: (79) r1 = *(u64 *)(r0 +0)\nR0 invalid mem access 'map_value_or_null'\n";

describe('error lines', () => {
  it('an unknown gadget names as many installed ones as one whole line holds, and how many more there are', () => {
    const few = new GadgetNotFoundError('nope', ['trace_exec', 'trace_open']);
    expect(errorReport(few, false)).toBe('error: unknown gadget "nope"; installed gadgets: trace_exec, trace_open [GADGET_NOT_FOUND]\n');
    const names = Array.from({ length: 40 }, (_, i) => `gadget_number_${i}`);
    const many = errorReport(new GadgetNotFoundError('nope', names), false);
    expect(many).toMatch(/^error: unknown gadget "nope"; installed gadgets: gadget_number_0, .* and \d+ more \(gadgetry list shows them all\) \[GADGET_NOT_FOUND\]\n$/);
    expect(many.length).toBeLessThan(MAX_ERROR_LINE);
  });

  it("a GadgetryError's line is its first line and its code", () => {
    const e = new GadgetryError('OUTPUT_FAILED', 'the first line says what failed\nline two\nline three');
    expect(describeError(e)).toBe('the first line says what failed [OUTPUT_FAILED]');
    expect(errorReport(e, true)).toBe('error: the first line says what failed [OUTPUT_FAILED]\n  the first line says what failed\n  line two\n  line three\n');
  });

  it("a lifecycle error's line names the gadget and step; libbpf's log is in its details, not its message", () => {
    const step = new GadgetStepError('trace_open', 'start', bpfError('cannot load BPF object trace_open: Permission denied (errno 13)', VERIFIER_LOG));
    expect(describeError(step)).toBe('gadget "trace_open" failed in start: cannot load BPF object trace_open: Permission denied (errno 13) [BPF_LOAD_FAILED]');
    expect(step.details).toBe(VERIFIER_LOG.trim());
    expect(errorReport(step, false)).toBe(`error: ${describeError(step)} (-v shows details)\n`);
    expect(errorReport(step, true)).toBe(`error: ${describeError(step)}\n${VERIFIER_LOG.trim().split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  });

  it('a step error keeps the code of a cause from a third party, and falls back to GADGET_STEP_FAILED', () => {
    const theirs = Object.assign(new Error('the sensor is offline'), { code: 'ACME_SENSOR_OFFLINE' });
    const step = new GadgetStepError('acme', 'start', theirs);
    expect(describeError(step)).toBe('gadget "acme" failed in start: the sensor is offline [ACME_SENSOR_OFFLINE]');
    expect(exitStatusOf(step)).toBe(1);
    for (const code of ['lower', 'SPACED CODE', 42, undefined]) {
      expect(new GadgetStepError('acme', 'start', Object.assign(new Error('x'), { code })).code).toBe('GADGET_STEP_FAILED');
    }
    const param = new GadgetStepError('acme', 'init', Object.assign(new Error('bad --rate'), { code: 'PARAM_INVALID' }));
    expect(describeError(param)).toBe('bad --rate [PARAM_INVALID]');
    expect(exitStatusOf(param)).toBe(2);
    expect(errorReport(new GadgetryError('USAGE', 'nothing more to say'), true)).toBe('error: nothing more to say [USAGE]\n');
  });

  it('cuts a long line and escapes control characters', () => {
    const e = new GadgetryError('USAGE', `value "${'x'.repeat(1000)}" is bad`);
    expect(describeError(e).length).toBeLessThanOrEqual(MAX_ERROR_LINE);
    expect(describeError(e)).toMatch(/… \[USAGE\]$/);
    expect(describeError(new Error('bell\u0007 and \u001b[31mred'))).toBe('bell\\x07 and \\x1b[31mred');
    expect(errorDetails(bpfError('x', 'a\tb\u001b[2J\nc'))).toBe('a\tb\\x1b[2J\nc');
  });

  it('any thrown value gives one printable line of at most MAX_ERROR_LINE characters (fast-check)', () => {
    const thrown = fc.oneof(
      fc.anything(),
      fc.string({ unit: 'binary', maxLength: 2000 }).map((m) => new Error(m)),
      fc.tuple(fc.stringMatching(/^[A-Z][A-Z0-9_]{1,70}$/), fc.string({ unit: 'binary', maxLength: 2000 })).map(
        ([code, m]) => new GadgetryError(foreignCode(code) ?? 'USAGE', m),
      ),
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
