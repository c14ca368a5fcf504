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

  it('a program the verifier refuses: the message ends with the verifier\'s reason and instruction; the log is on the error', () => {
    const err = loadError(join(FIXTURE_BUILD, 'rejected.bpf.o'));
    expect(err.code).toBe('BPF_LOAD_FAILED');
    expect(err.errno).toBe(13);
    expectOneLine(err);
    expect(err.message).toMatch(
      /^cannot load BPF object rejected: program unchecked_read rejected by the verifier: R0 invalid mem access 'map_value_or_null' \(insn \d+: r\d+ = \*\(u64 \*\)\(r0 \+0\)\)$/,
    );
    expect(err.libbpfLog).toMatch(/BEGIN PROG LOAD LOG[\s\S]*invalid mem access[\s\S]*END PROG LOAD LOG/);
    expect(err.verifierLog).toMatch(/^arg#0 [\s\S]*\nR0 invalid mem access 'map_value_or_null'\nprocessed \d+ insns/);
  });
});

describe.skipIf(skip)('the verifier\'s reason survives a log far larger than a line buffer', () => {
  const VERBOSE = join(FIXTURE_BUILD, 'verbose_reject.bpf.o');
  const REASON = /: program on_open rejected by the verifier: dereference of modified ctx ptr R(\d+) off=20 disallowed \(insn \d+: r\d+ = \*\(u32 \*\)\(r(\d+) \+0\)\)$/;

  function expectWholeLog(err: BpfError): void {
    expect(err.code).toBe('BPF_LOAD_FAILED');
    expectOneLine(err);
    const m = REASON.exec(err.message);
    expect(m, err.message).not.toBeNull();
    expect(m![1]).toBe(m![2]); // the instruction reads through the register the reason names
    expect(err.message.startsWith('cannot load BPF object verbose_reject: program on_open')).toBe(true);
    // the whole verifier log, from its first instruction to its statistics, on the error
    expect(err.verifierLog.length).toBeGreaterThan(11 * 1024);
    expect(err.verifierLog).toMatch(/^[^\n]*\n?0: R1=ctx\(\) R10=fp0\n/);
    expect(err.verifierLog).toMatch(/\ndereference of modified ctx ptr R\d+ off=20 disallowed\nprocessed \d+ insns[^\n]*\n$/);
    const steps = err.verifierLog.match(/^\d+: \([0-9a-f]{2}\)/gm) ?? [];
    expect(steps.length).toBeGreaterThan(400); // every instruction it walked, none cut out
    expect(err.libbpfLog).toContain(err.verifierLog);
    expect(err.libbpfLog).toMatch(/-- END PROG LOAD LOG --/);
  }

  it('Collection.load: one line ending with the reason and instruction, the whole log on the error', () => {
    expectWholeLog(loadError(VERBOSE));
  });

  it('Collection.loadAsync: the same error, captured on the thread that loaded', async () => {
    const before = fds();
    const err = await Collection.loadAsync(VERBOSE).then(
      (c) => (c.close(), undefined),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BpfError);
    expectWholeLog(err as BpfError);
    expect(fds()).toBe(before);
  });
});
