import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelSelector, selectorMatches } from './labelSelector.js';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'shop' };
const matches = (sel: string) => selectorMatches(parseLabelSelector(sel), labels);

describe('label selectors', () => {
  it('reads equality, set and existence requirements as kubectl does', () => {
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier=frontend')).toBe(true);
    expect(matches('app=db')).toBe(false);
    expect(matches('app!=db')).toBe(true);
    expect(matches('missing!=x')).toBe(true);
    expect(matches('app in (web, db)')).toBe(true);
    expect(matches('app notin (web)')).toBe(false);
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('!canary')).toBe(true);
    expect(matches('app.kubernetes.io/name=shop,app in (web),!canary')).toBe(true);
  });

  it('refuses what is not a selector, with the flag named', () => {
    for (const bad of ['', ' ', 'app=web,', 'app in web', 'a b=c', 'app=we b', '=web', 'app=$x']) {
      expect(() => parseLabelSelector(bad), bad).toThrow(/--k8s-selector/);
    }
    try {
      parseLabelSelector('app=we b');
    } catch (e) {
      expect((e as { code?: string }).code).toBe('PARAM_INVALID');
    }
  });

  it('an equality selector built from any labels matches exactly the pods carrying them', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    fc.assert(
      fc.property(fc.dictionary(name, name, { minKeys: 1, maxKeys: 4 }), fc.dictionary(name, name, { maxKeys: 4 }), (wanted, other) => {
        const sel = parseLabelSelector(Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(','));
        expect(selectorMatches(sel, { ...other, ...wanted })).toBe(true);
        const holds = Object.entries(wanted).every(([k, v]) => other[k] === v);
        expect(selectorMatches(sel, other)).toBe(holds);
      }),
      { numRuns: 300 },
    );
  });
});
