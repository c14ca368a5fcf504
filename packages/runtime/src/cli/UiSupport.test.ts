import { describe, expect, it } from 'vitest';
import { parseUiListen, takeUiFlag, uiNeedsToken } from './UiSupport.js';

describe('--ui', () => {
  it('takes an optional [host:]port: nothing is loopback and a free port', () => {
    expect(takeUiFlag(['trace_exec', '--ui'])).toEqual({ argv: ['trace_exec'], value: undefined });
    expect(takeUiFlag(['trace_exec', '--ui', '--pid', '5'])).toEqual({ argv: ['trace_exec', '--pid', '5'], value: undefined });
    expect(takeUiFlag(['trace_exec', '--ui', '8080', '--pid', '5'])).toEqual({ argv: ['trace_exec', '--pid', '5'], value: '8080' });
    expect(takeUiFlag(['trace_exec', '--ui=0.0.0.0:9'])).toEqual({ argv: ['trace_exec'], value: '0.0.0.0:9' });
    expect(takeUiFlag(['trace_exec', '--', '--ui'])).toBeUndefined();
    expect(parseUiListen(undefined, undefined)).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseUiListen('8080', undefined)).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseUiListen('[::1]:8080', 'abcdefgh12')).toEqual({ host: '::1', port: 8080, token: 'abcdefgh12' });
  });

  it('refuses what is not [host:]port, and tokens too short or with spaces, with one line', () => {
    for (const bad of ['nonsense', '70000', 'host:', ':80', '[zz]:80', 'a b:80']) {
      expect(() => parseUiListen(bad, undefined)).toThrow(/^invalid --ui .*expected \[host:\]port/);
    }
    expect(() => parseUiListen(undefined, 'short')).toThrow('invalid --ui-token');
    expect(() => parseUiListen(undefined, 'has a space in it')).toThrow('invalid --ui-token');
  });

  it('needs a token beyond loopback only', () => {
    expect(uiNeedsToken({ host: '127.0.0.1', port: 0 })).toBe(false);
    expect(uiNeedsToken({ host: 'localhost', port: 0 })).toBe(false);
    expect(uiNeedsToken({ host: '0.0.0.0', port: 0 })).toBe(true);
    expect(uiNeedsToken({ host: '10.1.2.3', port: 0 })).toBe(true);
  });
});
