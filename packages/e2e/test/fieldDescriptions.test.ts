// What `gadgetry describe` says of a field matches what outputs show of it:
// a timestamp is shown as a time, so it is not described as nanoseconds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../runtime/test/fixtures/tempProject.js';
import { ROOT } from './fixtures/workspace.js';

const gadgetry = (...args: string[]) => {
  const env = { ...process.env };
  delete env.GADGETRY_PATH;
  return execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8' });
};

describe('field descriptions of the built-in gadgets', () => {
  it('describe no timestamp shown as a time as nanoseconds since boot', () => {
    const gadgets = gadgetry('list', '-o', 'json')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { kind: string; name: string }))
      .filter((g) => g.kind === 'gadget')
      .map((g) => g.name);
    expect(gadgets).toContain('trace_oomkill');
    const wrong: string[] = [];
    for (const name of gadgets) {
      const table = gadgetry('describe', name).split('Event fields:')[1] ?? '';
      // FIELD TYPE KIND DESCRIPTION; the readable form of a timestamp, not its raw twin
      for (const [, field, kind, description] of table.matchAll(/^\s+(\w+)\s+string\s+(\w+)\s+(.*)$/gm)) {
        if (kind === 'timestamp' && /nanoseconds|\bns\b/i.test(description!)) wrong.push(`${name}.${field}: ${description}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
