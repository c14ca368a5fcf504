import { describe, expect, it } from 'vitest';
import { Type, defineGadget, type GadgetContext } from '@gadgetry/sdk';
import { containerOperator } from './container.js';
import { filterOperator } from './filter.js';
import { parseFilter } from './parseFilter.js';
import { processOperator } from './process.js';
import { parseSort, sortOperator, sortRows } from './sort.js';
import { testRun } from './testRun.fixture.js';
import { userOperator } from './user.js';

const snapshot = defineGadget({
  name: 'snap',
  description: 'a table with kinds the enrichers read',
  category: 'snapshot',
  type: 'one-shot',
  params: Type.Object({}),
  event: Type.Object({ pid: Type.Integer({ kind: 'pid' }), uid: Type.Integer({ kind: 'uid' }), mntnsId: Type.Integer({ kind: 'mntns' }) }),
  instantiate: () => ({ init() {} }),
});
const ctx: GadgetContext = { id: 't', gadgetName: 'snap', signal: new AbortController().signal, params: {}, logger: console, timeoutMs: 0 };
const run = testRun(snapshot, [userOperator, processOperator, containerOperator, filterOperator, sortOperator]);
const sortBy = async (sort: string) => (await sortOperator.instantiate(ctx, snapshot.instantiate(), { sort }, snapshot, run)).processBatch!;

describe('sort', () => {
  it('sorts by several keys, descending with -', () => {
    const rows = [
      { comm: 'b', bytes: 10 },
      { comm: 'a', bytes: 10 },
      { comm: 'c', bytes: 99 },
    ];
    expect(sortRows(rows, parseSort('-bytes,comm', ['comm', 'bytes'])).map((r) => r.comm)).toEqual(['c', 'a', 'b']);
  });

  it('rejects unknown fields, naming them', () => {
    expect(() => parseSort('-size', ['comm', 'bytes'])).toThrow('unknown field "size" in --sort "-size"; fields: comm, bytes');
  });

  it('refuses an empty sort or an empty field instead of leaving the table unsorted', () => {
    expect(() => parseSort('', ['pid'])).toThrow('empty --sort; give fields to sort by, e.g. --sort -rbytes,pid');
    expect(() => parseSort('pid,,comm', ['pid', 'comm'])).toThrow('empty field in --sort "pid,,comm"; separate fields with single commas, e.g. -rbytes,pid');
    expect(() => parseSort('-', ['pid'])).toThrow(/^empty field in --sort "-"/);
  });

  it('accepts the fields the run\'s operators add, the same set --filter accepts', async () => {
    const rows = [
      { pid: 1, uid: 0, user: 'root', container: '' },
      { pid: 2, uid: 1000, user: 'alice', container: 'web' },
      { pid: 3, uid: 2, user: 'bin', container: '' },
    ];
    expect((await sortBy('user'))([...rows]).map((r) => r.pid)).toEqual([2, 3, 1]);
    expect((await sortBy('-container,pid'))([...rows]).map((r) => r.pid)).toEqual([2, 1, 3]);
    for (const name of ['user', 'exe', 'container', 'containerId', 'runtime']) {
      expect(() => parseFilter(`${name}:x`, run.fields), name).not.toThrow();
      expect(await sortBy(name), name).toBeTypeOf('function');
    }
    await expect(sortBy('size')).rejects.toThrow(/^unknown field "size" in --sort "size"; fields: pid, uid, mntnsId, user, exe, container, containerId, runtime$/);
  });
});
