import { hookFailureHint } from './hooks.js';
import { privileged } from './kernelSetup.js';
import { GadgetryError, isErrorCode, type ErrorCode } from '@gadgetry/errors';

/**
 * An error from the kernel side, with a stable code (from @gadgetry/errors'
 * list, as the addon's are), errno and what libbpf said. The message is one
 * line; libbpf's messages (for a load failure, the verifier's log) are in
 * `libbpfLog`, and in `details`.
 */
export class BpfError extends GadgetryError {
  declare readonly code: ErrorCode;
  /** errno, or libbpf's own error code (LIBBPF_ERRNO__*, 4000 and up). */
  readonly errno: number;
  /** libbpf's messages around the failure, whole (the verifier log for load failures). */
  readonly libbpfLog: string;
  /** For a program the verifier rejected: its verifier log, whole; else empty. */
  readonly verifierLog: string;

  constructor(code: ErrorCode, message: string, errno = 0, libbpfLog = '', verifierLog = '') {
    super(code, message);
    this.errno = errno;
    this.libbpfLog = libbpfLog;
    this.verifierLog = verifierLog;
  }
}

/** The event schema and the BPF struct disagree; names the field. */
export class SchemaMismatchError extends BpfError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('SCHEMA_BTF_MISMATCH', message);
  }
}

/** The first non-empty line of a text: messages are one line, details live elsewhere. */
function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trimEnd() ?? text.trim();
}

/** A record handed to a decoder is shorter than the struct's fixed members need. */
export class RecordTruncatedError extends BpfError {
  constructor(message: string) {
    super('RECORD_TRUNCATED', message);
  }
}

const EPERM = 1;
const EOPNOTSUPP = 95;
const E2BIG = 7;
/** libbpf's codes for a file that is not a usable ELF object: LIBELF, FORMAT, KVERSION, ENDIAN. */
const LIBBPF_ELF_ERRORS = new Set([4000, 4001, 4002, 4003]);

/** What the verifier said about a program it rejected, from libbpf's messages. */
interface Rejection {
  program: string;
  /** The program's verifier log; empty when libbpf printed none. */
  log: string;
  /** The verifier's last word on why (its last lines before the statistics). */
  reason: string;
  /** The instruction the reason is about, as `insn 12: r1 = *(u32 *)(r2 +20)`. */
  insn: string;
}

/** Statistics the verifier prints after its verdict. */
const VERIFIER_SUMMARY = /^(processed \d+ insns|verification time|stack depth|\[\.\.\. \d+ bytes of libbpf)/;
/** Lines that trace the program rather than judge it: instructions, states, source, branches. */
const VERIFIER_TRACE = /^(\d+: |; |from \d+ to \d+: |func#|last_idx |regs=|parent |mark_precise|propagating )/;
const VERIFIER_INSN = /^(\d+): \([0-9a-f]{2}\) (.*?)(?:\s+; .*)?$/;
const REASON_LINES = 3;
const REASON_CHARS = 200;

/** Finds the rejected program, its log, and the reason and instruction at the end of that log. */
function verifierRejection(libbpfLog: string): Rejection | undefined {
  const failed = /prog '([^']+)': BPF program load failed/.exec(libbpfLog);
  if (!failed) return undefined;
  const program = failed[1]!;
  const begin = `prog '${program}': -- BEGIN PROG LOAD LOG --\n`;
  const start = libbpfLog.indexOf(begin, failed.index);
  if (start < 0) return { program, log: '', reason: '', insn: '' };
  const from = start + begin.length;
  const end = libbpfLog.indexOf('-- END PROG LOAD LOG --', from);
  const log = libbpfLog.slice(from, end < 0 ? undefined : end);
  const lines = log.split('\n').map((l) => l.trimEnd());
  let i = lines.length - 1;
  while (i >= 0 && (lines[i] === '' || VERIFIER_SUMMARY.test(lines[i]!))) i--;
  const reason: string[] = [];
  while (i >= 0 && reason.length < REASON_LINES && lines[i] !== '' && !VERIFIER_TRACE.test(lines[i]!)) reason.unshift(lines[i--]!);
  let insn = '';
  for (let j = i; j >= 0 && j > i - 50; j--) {
    const m = VERIFIER_INSN.exec(lines[j]!);
    if (m) {
      insn = `insn ${m[1]}: ${m[2]!.slice(0, REASON_CHARS)}`;
      break;
    }
  }
  const clip = (l: string) => (l.length > REASON_CHARS ? `${l.slice(0, REASON_CHARS)}...` : l);
  return { program, log, reason: reason.map(clip).join('; '), insn };
}

/**
 * A sentence telling the user what to do about a failure in `section`. What
 * it says about the hook comes from probing the kernel (hookFailureHint):
 * "this kernel has no kprobes" only when the probe found none, a missing
 * tracepoint or function by name when kprobes or tracepoints work here.
 */
function hint(code: ErrorCode, errno: number, section: string, log: string): string {
  if (code === 'BPF_OPEN_FAILED' && LIBBPF_ELF_ERRORS.has(errno)) {
    return 'the file is not a valid BPF object (corrupt or truncated); rebuild the gadget or reinstall its package';
  }
  if (section && (code === 'BPF_LOAD_FAILED' || code === 'BPF_ATTACH_FAILED')) {
    const about = hookFailureHint(section, code, errno);
    if (about) return about;
  }
  if (errno === EPERM) {
    return privilegedSafe()
      ? 'the kernel refused it although this process is privileged (lockdown or a security module may forbid it); gadgetry doctor shows what this kernel allows'
      : 'loading BPF needs root (or CAP_BPF and CAP_PERFMON); run as root';
  }
  if (errno === EOPNOTSUPP) return 'the kernel does not support this program or attach type';
  if (code === 'BPF_LOAD_FAILED' && errno === E2BIG) return 'the program is too large for the verifier';
  const refused = code === 'BPF_LOAD_FAILED' ? verifierRejection(log)?.program : undefined;
  if (refused) return `the kernel's verifier refused program ${refused}; its log is in the error's details`;
  return '';
}

/** privileged(), false when it cannot be read. */
function privilegedSafe(): boolean {
  try {
    return privileged();
  } catch {
    return false;
  }
}

/**
 * Turns the addon's thrown Error into a BpfError with an actionable one-line
 * message; libbpf's log stays on the error (libbpfLog), not in the message.
 */
export function toBpfError(err: unknown, section = ''): BpfError {
  if (err instanceof BpfError) return err;
  const e = (err ?? {}) as { code?: string; errno?: number; libbpfLog?: string; message?: string; what?: string };
  // The addon's codes come from the same list (its ErrorCodes.h is generated from it).
  const code: ErrorCode = isErrorCode(e.code) ? e.code : 'BPF_ERROR';
  const errno = typeof e.errno === 'number' ? e.errno : 0;
  const log = typeof e.libbpfLog === 'string' ? e.libbpfLog : '';
  const rejection = code === 'BPF_LOAD_FAILED' ? verifierRejection(log) : undefined;
  if (rejection?.reason) {
    // The verifier's own words end the line: the reason, and the instruction it is about.
    const what = firstLine(typeof e.what === 'string' ? e.what : 'cannot load BPF object');
    const at = rejection.insn ? ` (${rejection.insn})` : '';
    return new BpfError(code, `${what}: program ${rejection.program} rejected by the verifier: ${rejection.reason}${at}`, errno, log, rejection.log);
  }
  const extra = hint(code, errno, section, log);
  let message = firstLine(typeof e.message === 'string' ? e.message : String(err));
  if (extra) message += `; ${extra}`;
  return new BpfError(code, message, errno, log, rejection?.log ?? '');
}

/**
 * Rethrows what the addon threw: a TypeError or RangeError (a call with wrong
 * arguments) as it is, anything else as a BpfError.
 */
export function rethrowNative(err: unknown, section = ''): never {
  if (err instanceof TypeError || err instanceof RangeError) throw err;
  throw toBpfError(err, section);
}
