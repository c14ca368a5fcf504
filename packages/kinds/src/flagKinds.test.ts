import { constants } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileModeKind, formatFileMode } from './fileMode.js';
import { mountFlagsKind } from './mountFlags.js';
import { openFlagsKind } from './openFlags.js';
import { archName } from './syscall.js';

const { O_SYNC } = constants;

const here = { arch: process.arch };

describe('open_flags', () => {
  it('writes the access mode, then the flags, as the running architecture numbers them', () => {
    const { O_WRONLY, O_RDWR, O_CREAT, O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_TRUNC, O_APPEND, O_EXCL } = constants;
    const O_CLOEXEC = 0o2000000; // not among Node's constants; the same on every architecture
    expect(openFlagsKind.text(O_WRONLY | O_CREAT | O_CLOEXEC, here)).toBe('O_WRONLY|O_CREAT|O_CLOEXEC');
    expect(openFlagsKind.text(0, here)).toBe('O_RDONLY');
    expect(openFlagsKind.text(O_RDWR | O_TRUNC | O_APPEND | O_EXCL, here)).toBe('O_RDWR|O_EXCL|O_TRUNC|O_APPEND');
    expect(openFlagsKind.text(O_DIRECTORY | O_NOFOLLOW | O_DIRECT, here)).toBe('O_RDONLY|O_DIRECT|O_DIRECTORY|O_NOFOLLOW');
    expect(openFlagsKind.parse!('O_WRONLY|O_CREAT', here)).toBe(O_WRONLY | O_CREAT);
  });

  it('knows arm64 moves O_DIRECTORY and O_NOFOLLOW, and names O_SYNC and O_TMPFILE whole', () => {
    expect(openFlagsKind.text(0o40000, { arch: 'arm64' })).toBe('O_RDONLY|O_DIRECTORY');
    expect(openFlagsKind.text(0o40000, { arch: 'x86_64' })).toBe('O_RDONLY|O_DIRECT');
    expect(openFlagsKind.text(O_SYNC | 1, here)).toBe('O_WRONLY|O_SYNC');
    expect(openFlagsKind.text(0o20000000 | (archName(process.arch) === 'arm64' ? 0o40000 : 0o200000) | 2, here)).toBe('O_RDWR|O_TMPFILE');
    expect(openFlagsKind.text(0x80000000 | 1, here)).toBe('O_WRONLY|0x80000000');
  });

  it('names a value the same however often and in whatever order it is seen, per architecture (the names are cached)', () => {
    const arm = { arch: 'arm64' };
    const x86 = { arch: 'x86_64' };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 40 }), (values) => {
        const first = values.map((v) => [openFlagsKind.text(v, arm), openFlagsKind.text(v, x86)]);
        for (const v of [...values].reverse()) {
          const i = values.lastIndexOf(v);
          expect(openFlagsKind.text(v, x86)).toBe(first[i]![1]);
          expect(openFlagsKind.text(v, arm)).toBe(first[i]![0]);
        }
      }),
      { numRuns: 300 },
    );
    // past the cache's bound, and back: still the arm64 name, not one cached for x86_64
    for (let v = 0; v < 3000; v++) openFlagsKind.text(v << 2, x86);
    expect(openFlagsKind.text(0o40000, { arch: 'arm64' })).toBe('O_RDONLY|O_DIRECTORY');
    expect(openFlagsKind.text(0o40000, x86)).toBe('O_RDONLY|O_DIRECT');
  });
});

describe('mount_flags', () => {
  it('names MS_ flags, leaving out the old magic number', () => {
    expect(mountFlagsKind.text(1 | 2, {})).toBe('MS_RDONLY|MS_NOSUID');
    expect(mountFlagsKind.text(0xc0ed0000 | 4096 | 16384, {})).toBe('MS_BIND|MS_REC');
    expect(mountFlagsKind.parse!('ms_rdonly|MS_NOEXEC', {})).toBe(9);
  });

  it('shows no flags (the calls other than mount() leave 0) as nothing, not 0', () => {
    expect(mountFlagsKind.text(0, {})).toBe('');
    expect(mountFlagsKind.text(0xc0ed0000, {})).toBe('');
    expect(mountFlagsKind.parse!('0', {})).toBe(0);
  });
});

describe('file_mode', () => {
  it('shows permission bits in octal, and the ls form when the type is there', () => {
    expect(formatFileMode(0o644)).toBe('0644');
    expect(formatFileMode(0o100644)).toBe('-rw-r--r--');
    expect(formatFileMode(0o40755)).toBe('drwxr-xr-x');
    expect(formatFileMode(0o104755)).toBe('-rwsr-xr-x');
    expect(formatFileMode(0o41777)).toBe('drwxrwxrwt');
    expect(formatFileMode(0o120777)).toBe('lrwxrwxrwx');
    expect(formatFileMode(0o4644)).toBe('04644');
    expect(fileModeKind.parse!('0644', {})).toBe(0o644);
  });

  it('every mode_t has a form ten characters wide with its type, four or five octal digits without', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0o177777 }), (mode) => {
        const text = formatFileMode(mode);
        if ([0o140000, 0o120000, 0o100000, 0o60000, 0o40000, 0o20000, 0o10000].includes(mode & 0o170000)) expect(text).toMatch(/^[slbdcp-][r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-]$/);
        else expect(text).toMatch(/^0[0-7]{3,4}$/);
      }),
      { numRuns: 300 },
    );
  });
});
