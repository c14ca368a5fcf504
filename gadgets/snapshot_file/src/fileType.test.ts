import { constants, lstatSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileType } from './fileType.js';

describe('fileType', () => {
  it('names the type of real files by their mode', () => {
    expect(fileType(statSync('/').mode)).toBe('dir');
    expect(fileType(statSync('/dev/null').mode)).toBe('char');
    expect(fileType(statSync('/proc/self/status').mode)).toBe('regular');
    expect(fileType(lstatSync('/proc/self/exe').mode)).toBe('symlink');
    expect(fileType(constants.S_IFBLK | 0o660)).toBe('block');
    expect(fileType(constants.S_IFIFO | 0o600)).toBe('pipe');
    expect(fileType(constants.S_IFSOCK | 0o777)).toBe('socket');
  });

  it('calls an inode with no type bits an anon inode, and shows a type it does not know in octal', () => {
    expect(fileType(0o600)).toBe('anon_inode');
    expect(fileType(0o030000)).toBe('unknown (30000)');
  });
});
