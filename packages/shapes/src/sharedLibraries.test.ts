import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryPattern, processLibrary, systemLibrary } from './sharedLibraries.js';

describe('libraryPattern', () => {
  it('matches the library by name with any version, and nothing that merely starts like it', () => {
    const libc = libraryPattern('libc');
    for (const f of ['libc.so.6', 'libc.so', 'libc-2.31.so']) expect(libc.test(f), f).toBe(true);
    for (const f of ['libcrypto.so.3', 'libc.so.6.bak', 'libcap.so.2', 'xlibc.so.6']) expect(libc.test(f), f).toBe(false);
    expect(libraryPattern('libssl').test('libssl.so.3')).toBe(true);
    expect(libraryPattern('libssl').test('libssl3.so')).toBe(false);
  });
});

describe('processLibrary', () => {
  it('finds the libc this process maps, by the path in its memory map', () => {
    const mapped = readFileSync('/proc/self/maps', 'utf8').match(/\/\S*\/libc\.so\.6$/m)?.[0];
    expect(processLibrary(process.pid, 'libc')).toBe(mapped);
  });

  it('finds the library of another process, and undefined for one it does not map', async () => {
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the loader has mapped libc by then
      const libc = processLibrary(child.pid!, 'libc');
      expect(libc && statSync(libc).isFile()).toBe(true);
      expect(processLibrary(child.pid!, 'libssl')).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a pid no process has as a param error naming the flag', () => {
    expect(() => processLibrary(999_999_999, 'libc')).toThrow(expect.objectContaining({ code: 'PARAM_INVALID', message: 'invalid value 999999999 for --pid: no process has this pid' }));
  });
});

describe('systemLibrary', () => {
  it('finds the host libc where the loader looks, and nothing for a library no one has', () => {
    const libc = systemLibrary('libc');
    expect(libc).toMatch(/\/libc\.so(\.\d+)?$/);
    expect(statSync(libc!).isFile()).toBe(true);
    expect(systemLibrary('libgadgetry_no_such_thing')).toBeUndefined();
  });
});
