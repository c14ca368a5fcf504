import { describe, expect, it } from 'vitest';
import { nameMatches, parseNames, parsePorts } from './dnsParams.js';

describe('trace_dns params', () => {
  it('--name matches the name and its subdomains, whatever the case or a trailing dot', () => {
    const names = parseNames('Example.COM.,test');
    expect(names).toEqual(['example.com', 'test']);
    expect(['example.com', 'WWW.example.com', 'a.test', 'notexample.com', 'example.org'].map((n) => nameMatches(names, n))).toEqual([true, true, true, false, false]);
    expect(nameMatches([], 'anything')).toBe(true);
  });

  it('--ports takes up to 8 ports and refuses anything else with one line', () => {
    expect(parsePorts('53, 5353,53')).toEqual([53, 5353]);
    expect(() => parsePorts('0')).toThrow(/^--ports "0": "0" is not a port/);
    expect(() => parsePorts('')).toThrow(/is not a port/);
    expect(() => parseNames('a..b')).toThrow(/^--name "a..b" is not a DNS name/);
  });
});
