import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseCommandArgs } from './commandOptions.js';
import { RAW_CONTROL, nastyString } from '../../test/fixtures/nastyStrings.js';

describe('parseCommandArgs', () => {
  it('accepts the options each command documents', () => {
    expect(parseCommandArgs(['list', '-o', 'json', '--gadget-path', '/x', '-v'], 'list')?.flags.get('output')).toEqual(['json']);
    expect(parseCommandArgs(['describe', 'trace_exec'], 'describe')?.positionals).toEqual(['describe', 'trace_exec']);
    expect(parseCommandArgs(['doctor', '--verbose'], 'doctor')).toBeDefined();
    expect(parseCommandArgs(['list-containers', '--output=json'], 'list-containers')).toBeDefined();
    expect(parseCommandArgs(['run', 'x', '--anything'], 'run')).toBeUndefined();
  });

  it('refuses unknown options of list, doctor, version and list-containers instead of ignoring them', () => {
    expect(() => parseCommandArgs(['list', '--bogus'], 'list')).toThrow('unknown option --bogus for list; see gadgetry list --help');
    expect(() => parseCommandArgs(['doctor', '--fix', 'all'], 'doctor')).toThrow('unknown option --fix for doctor; see gadgetry doctor --help');
    expect(() => parseCommandArgs(['version', '--json'], 'version')).toThrow('unknown option --json for version; see gadgetry version --help');
    expect(() => parseCommandArgs(['version', '-o', 'json'], 'version')).toThrow('unknown option -o for version; see gadgetry version --help');
    expect(() => parseCommandArgs(['list-containers', '--all'], 'list-containers')).toThrow(
      'unknown option --all for list-containers; see gadgetry list-containers --help',
    );
    expect(() => parseCommandArgs(['list', '--output'], 'list')).toThrow('option --output needs a value');
  });

  it('refuses extra arguments, showing the usage', () => {
    expect(() => parseCommandArgs(['list', 'trace_exec'], 'list')).toThrow('unexpected argument "trace_exec" for list; usage: gadgetry list [options]');
    expect(() => parseCommandArgs(['describe', 'a', 'b'], 'describe')).toThrow('unexpected argument "b" for describe; usage: gadgetry describe <gadget> [options]');
  });

  it('throws only one-line, escaped, bounded usage errors, whatever the arguments', () => {
    const command = fc.constantFrom('list', 'describe', 'doctor', 'version', 'list-containers', 'run', 'nope', 'constructor');
    const arg = fc.oneof(nastyString, fc.constantFrom('-o', '--output', '--gadget-path', '--help', '-v'), nastyString.map((s) => `--${s}`));
    fc.assert(
      fc.property(command, fc.array(arg, { maxLength: 6 }), (cmd, rest) => {
        try {
          parseCommandArgs([cmd, ...rest], cmd);
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
