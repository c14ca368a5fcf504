import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { PackageManifest } from './manifest.js';

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
