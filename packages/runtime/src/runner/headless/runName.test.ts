import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRunName, isRunName, RUN_NAME_MAX } from './runName.js';

describe('checkRunName', () => {
  it('accepts names of letters, digits, -, _ and . that start with a letter or digit', () => {
    for (const name of ['a', 'execs', 'exec-watch', 'web_1.v2', '9lives', 'x'.repeat(RUN_NAME_MAX)]) expect(checkRunName(name)).toBe(name);
  });

  it('refuses empty, long, path-like and control-character names with RUN_NAME_INVALID', () => {
    for (const name of ['', '.hidden', '-x', '_x', '../etc', 'a/b', 'a b', 'tab\there', 'esc\u001b[31m', 'é', 'x'.repeat(RUN_NAME_MAX + 1), '..']) {
      expect(() => checkRunName(name), name).toThrow(expect.objectContaining({ code: 'RUN_NAME_INVALID' }));
      expect(isRunName(name)).toBe(false);
    }
  });

  it('never lets a name that names another file through, whatever the string (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        let ok = true;
        try {
          checkRunName(name);
        } catch (err) {
          ok = false;
          expect((err as { code?: string }).code).toBe('RUN_NAME_INVALID');
          // the message is one line whatever the name held
          expect((err as Error).message).not.toMatch(/[\n\r\u001b]/);
        }
        expect(ok).toBe(isRunName(name));
        if (ok) {
          expect(name).not.toMatch(/[/\\\0\s]/);
          expect(name.startsWith('.')).toBe(false);
          expect(name.length).toBeLessThanOrEqual(RUN_NAME_MAX);
        }
      }),
      { numRuns: 300 },
    );
  });
});
