import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { OperatorManifest, PackageManifest } from './manifest.js';

const valid = {
  name: '@acme/gadget-trace_x',
  version: '1.0.0',
  gadgetry: { name: 'trace_x', entry: './dist/index.js', sdk: '^0.1.0', description: 'x', category: 'trace', type: 'trace' },
};

describe('PackageManifest', () => {
  it('accepts a complete gadget manifest', () => {
    expect(Value.Check(PackageManifest, valid)).toBe(true);
  });

  it('rejects an unknown gadget type and names the path', () => {
    const bad = { ...valid, gadgetry: { ...valid.gadgetry, type: 'stream' } };
    expect(Value.Check(PackageManifest, bad)).toBe(false);
    const paths = [...Value.Errors(PackageManifest, bad)].map((e) => e.path);
    expect(paths.some((p) => p.startsWith('/gadgetry'))).toBe(true);
  });

  it('rejects gadget names that cannot be typed on a command line', () => {
    const bad = { ...valid, gadgetry: { ...valid.gadgetry, name: 'Trace X' } };
    expect(Value.Check(PackageManifest, bad)).toBe(false);
  });
});

describe('OperatorManifest', () => {
  const operator = { kind: 'operator', name: 'shout', entry: './index.js', sdk: '^0.1.0', description: 'x' };
  const check = (appliesTo: unknown) => Value.Check(OperatorManifest, { ...operator, appliesTo });

  it('requires an operator package to say what it applies to', () => {
    expect(Value.Check(OperatorManifest, operator)).toBe(false);
    expect([...Value.Errors(OperatorManifest, operator)].some((e) => e.path === '/appliesTo')).toBe(true);
  });

  it('accepts "all", field kinds, gadget types and gadget names', () => {
    expect(check('all')).toBe(true);
    expect(check({ kinds: ['uid', 'gid'] })).toBe(true);
    expect(check({ types: ['one-shot', 'trace-intervals'] })).toBe(true);
    expect(check({ gadgets: ['trace_exec'], kinds: ['mntns'] })).toBe(true);
  });

  it('rejects malformed kinds, unknown types, empty lists, empty objects and unknown keys', () => {
    for (const bad of ['some', { kinds: ['Colour'] }, { kinds: ['two words'] }, { types: ['stream'] }, { kinds: [] }, {}, { fields: ['text'] }, { gadgets: ['Trace X'] }]) {
      expect(check(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('accepts a kind of a third party: the kind list is open', () => {
    expect(check({ kinds: ['acme_colour'] })).toBe(true);
  });
});
