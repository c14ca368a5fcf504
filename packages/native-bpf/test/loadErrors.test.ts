import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BpfError, Collection, kernelTestGate } from '../src/index.js';
import { FIXTURE_BUILD } from './buildFixtures.js';

const skip = kernelTestGate();
const dir = mkdtempSync(join(tmpdir(), 'gadgetry-load-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fds = () => readdirSync('/proc/self/fd').length;

/** The BpfError Collection.load throws for `source`, checking it leaked no fd. */
function loadError(source: string | Buffer): BpfError {
  const before = fds();
  let caught: unknown;
  try {
    Collection.load(source).close();
  } catch (err) {
    caught = err;
  }
  expect(fds()).toBe(before);
  expect(caught).toBeInstanceOf(BpfError);
  return caught as BpfError;
}

function expectOneLine(err: Error): void {
  expect(err.message).not.toContain('\n');
  expect(err.message.length).toBeLessThan(300);
}

describe.skipIf(skip)('load errors are one line in libbpf\'s words, with the details on the error', () => {
  it('random bytes, as a file and as a buffer: libbpf\'s name for the error, not "Unknown error 4001"', () => {
    const bytes = randomBytes(4096);
    const file = join(dir, 'random.bpf.o');
    writeFileSync(file, bytes);
    for (const source of [file, bytes]) {
      const err = loadError(source);
      expect(err.code).toBe('BPF_OPEN_FAILED');
      expectOneLine(err);
      expect(err.message).not.toMatch(/Unknown error/);
      expect(err.message).toMatch(/BPF object format invalid \(libbpf error 4001\); the file is not a valid BPF object \(corrupt or truncated\)/);
      expect(err.libbpfLog).toMatch(/is not a proper ELF object/);
    }
  });

  it('a truncated real object', () => {
    const file = join(dir, 'truncated.bpf.o');
    writeFileSync(file, readFileSync(join(FIXTURE_BUILD, 'probe.bpf.o')).subarray(0, 3000));
    const err = loadError(file);
    expect(err.code).toBe('BPF_OPEN_FAILED');
    expectOneLine(err);
    expect(err.message).toBe(
      `cannot open BPF object ${file}: BPF object format invalid (libbpf error 4001); the file is not a valid BPF object (corrupt or truncated); rebuild the gadget or reinstall its package`,
    );
    expect(err.libbpfLog).toMatch(/^libbpf: elf: /);
  });

  it('a program the verifier refuses: the message names it, the verifier log stays in libbpfLog', () => {
    const err = loadError(join(FIXTURE_BUILD, 'rejected.bpf.o'));
    expect(err.code).toBe('BPF_LOAD_FAILED');
    expectOneLine(err);
    expect(err.message).toMatch(/^cannot load BPF object rejected: Permission denied \(errno 13\); the kernel's verifier refused program unchecked_read/);
    expect(err.libbpfLog).toMatch(/BEGIN PROG LOAD LOG[\s\S]*invalid mem access[\s\S]*END PROG LOAD LOG/);
  });
});
