import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseArgs } from './parseArgs.js';
import { RAW_CONTROL, nastyString } from '../../test/fixtures/nastyStrings.js';

const flagsOf = (argv: string[], booleans: string[], options = {}) => Object.fromEntries(parseArgs(argv, new Set(booleans), options).flags);

describe('parseArgs', () => {
  it('reads values, booleans, = forms, short options and --', () => {
    const p = parseArgs(['run', 'g', '--count', '3', '--loud', '--mode=slow', '-o', 'json', '--sort', '-pid', '--', '--x'], new Set(['loud']));
    expect(p.positionals).toEqual(['run', 'g', '--x']);
    expect(Object.fromEntries(p.flags)).toEqual({ count: ['3'], loud: ['true'], mode: ['slow'], output: ['json'], sort: ['-pid'] });
  });

  it('takes a boolean given last as true', () => {
    expect(flagsOf(['run', 'snapshot_process', '--threads'], ['threads'])).toEqual({ threads: ['true'] });
  });

  it('in a first, lenient look, leaves out a last flag whose kind is not known yet', () => {
    // the first pass cannot know --threads is a gadget's boolean: it must not refuse it
    expect(parseArgs(['run', 'snapshot_process', '--threads'], new Set(['help']), { lenient: true })).toEqual({
      positionals: ['run', 'snapshot_process'],
      flags: new Map(),
    });
    expect(() => parseArgs(['run', 'g', '--count'], new Set())).toThrow('option --count needs a value');
  });

  it('with the valued flags given, refuses any other option, naming the command', () => {
    const opts = { valued: new Set(['output']), command: 'list' };
    expect(flagsOf(['list', '-o', 'json', '--help'], ['help'], opts)).toEqual({ output: ['json'], help: ['true'] });
    expect(() => parseArgs(['list', '--bogus'], new Set(['help']), opts)).toThrow('unknown option --bogus for list; see gadgetry list --help');
    expect(() => parseArgs(['list', '--bogus=1'], new Set(['help']), opts)).toThrow('unknown option --bogus for list; see gadgetry list --help');
    expect(() => parseArgs(['list', '-x'], new Set(['help']), opts)).toThrow('unknown option -x; see gadgetry list --help');
  });

  it('does not take inherited names for short options', () => {
    expect(() => parseArgs(['-constructor'], new Set())).toThrow('unknown option -constructor; see gadgetry --help');
  });

  it('throws only one-line, escaped, bounded usage errors, whatever the arguments', () => {
    const arg = fc.oneof(nastyString, fc.constantFrom('--', '-', '-o', '--x', '--help', '--=', '-=', '--a=b'), nastyString.map((s) => `--${s}`), nastyString.map((s) => `-${s}`));
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 8 }), fc.boolean(), fc.boolean(), (argv, lenient, strict) => {
        try {
          const p = parseArgs(argv, new Set(['help', 'verbose']), { lenient, ...(strict ? { valued: new Set(['output']), command: 'list' } : {}) });
          for (const [, values] of p.flags) expect(values.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message).not.toMatch(RAW_CONTROL);
          expect((err as Error).message.length).toBeLessThanOrEqual(200);
        }
      }),
      { numRuns: 300 },
    );
  });
});
