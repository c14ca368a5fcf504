import fc from 'fast-check';
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BpfError } from './errors.js';
import { compareVersions, kernelAtLeast, kernelVersion, parseKernelVersion, requireKernel } from './kernelVersion.js';

describe('kernel versions', () => {
  it('reads the versions distributions and upstream write', () => {
    expect(parseKernelVersion('6.18.44-fc-v595')).toEqual([6, 18, 44]);
    expect(parseKernelVersion('6.1.0-17-amd64')).toEqual([6, 1, 0]);
    expect(parseKernelVersion('5.15.0-1051-azure')).toEqual([5, 15, 0]);
    expect(parseKernelVersion('4.18.0-513.el8.x86_64')).toEqual([4, 18, 0]);
    expect(parseKernelVersion('5.6')).toEqual([5, 6, 0]);
    expect(parseKernelVersion('6.9-rc3')).toEqual([6, 9, 0]);
    for (const bad of ['', 'linux', 'v5.6', '5', '.5.6']) expect(parseKernelVersion(bad), bad).toBeUndefined();
  });

  it('orders versions by major, then minor, then patch', () => {
    const v = fc.tuple(fc.nat(20), fc.nat(30), fc.nat(300));
    fc.assert(
      fc.property(v, v, (a, b) => {
        const c = compareVersions(a, b);
        expect(Math.sign(c)).toBe(-Math.sign(compareVersions(b, a)) || 0);
        expect(c === 0).toBe(a.join('.') === b.join('.'));
        const [x, y] = [parseKernelVersion(a.join('.'))!, parseKernelVersion(b.join('.'))!];
        expect(Math.sign(compareVersions(x, y))).toBe(Math.sign(c));
        if (a[0] !== b[0]) expect(Math.sign(c)).toBe(Math.sign(a[0] - b[0]));
      }),
      { numRuns: 300 },
    );
  });

  it('checks the running kernel against a minimum, refusing in one line what it is older than', () => {
    const k = kernelVersion();
    expect(k.release).toBe(release());
    expect(kernelAtLeast(`${k.major}.${k.minor}`)).toBe(true);
    expect(kernelAtLeast(`${k.major + 1}.0`)).toBe(false);
    expect(() => requireKernel('3.19', 'old_gadget')).not.toThrow();
    let err: unknown;
    try {
      requireKernel(`${k.major}.${k.minor + 1}`, 'new_gadget');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BpfError);
    expect(err).toMatchObject({ code: 'KERNEL_TOO_OLD', message: `new_gadget needs Linux ${k.major}.${k.minor + 1} or newer; this kernel is ${k.release}` });
    expect(() => kernelAtLeast('five')).toThrow(new TypeError('a minimum kernel version looks like "5.8" or "5.10.2", got "five"'));
  });
});
