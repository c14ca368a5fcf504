/**
 * An error from the kernel side, with a stable code, errno and what libbpf
 * said. The message is one line; libbpf's messages (for a load failure, the
 * verifier's log) are in `libbpfLog`, for whoever wants the details.
 */
export class BpfError extends Error {
  readonly code: string;
  /** errno, or libbpf's own error code (LIBBPF_ERRNO__*, 4000 and up). */
  readonly errno: number;
  /** libbpf's messages around the failure (the verifier log for load failures). */
  readonly libbpfLog: string;

  constructor(code: string, message: string, errno = 0, libbpfLog = '') {
    super(firstLine(message));
    this.name = 'BpfError';
    this.code = code;
    this.errno = errno;
    this.libbpfLog = libbpfLog;
  }
}

/** The event schema and the BPF struct disagree; names the field. */
export class SchemaMismatchError extends BpfError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('SCHEMA_BTF_MISMATCH', message);
    this.name = 'SchemaMismatchError';
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
    this.name = 'RecordTruncatedError';
  }
}

const EPERM = 1;
const ENOENT = 2;
const EOPNOTSUPP = 95;
const E2BIG = 7;
/** libbpf's codes for a file that is not a usable ELF object: LIBELF, FORMAT, KVERSION, ENDIAN. */
const LIBBPF_ELF_ERRORS = new Set([4000, 4001, 4002, 4003]);

/** The program the verifier refused, as libbpf names it in its log. */
function rejectedProgram(log: string): string | undefined {
  return /prog '([^']+)': BPF program load failed/.exec(log)?.[1];
}

/** A sentence telling the user what to do about a failure in `section`. */
function hint(code: string, errno: number, section: string, log: string): string {
  if (code === 'BPF_OPEN_FAILED' && LIBBPF_ELF_ERRORS.has(errno)) {
    return 'the file is not a valid BPF object (corrupt or truncated); rebuild the gadget or reinstall its package';
  }
  if (/^k(ret)?probe|^ksyscall/.test(section)) {
    return 'this kernel has no kprobes (CONFIG_KPROBES is off); the gadget needs a hook this kernel does not offer';
  }
  if (/^(fentry|fexit|fmod_ret|lsm)/.test(section) && errno === EPERM) {
    return 'this kernel refuses fentry/fexit/LSM programs; the gadget needs a hook this kernel does not offer';
  }
  if (errno === EPERM) return 'loading BPF needs root (or CAP_BPF and CAP_PERFMON); run as root';
  if (section.startsWith('tracepoint/') && errno === ENOENT) {
    return `tracepoint ${section.slice('tracepoint/'.length)} does not exist on this kernel (or tracefs is not mounted; see gadgetry doctor)`;
  }
  if (errno === EOPNOTSUPP) return 'the kernel does not support this program or attach type';
  if (code === 'BPF_LOAD_FAILED' && errno === E2BIG) return 'the program is too large for the verifier';
  const refused = code === 'BPF_LOAD_FAILED' ? rejectedProgram(log) : undefined;
  if (refused) return `the kernel's verifier refused program ${refused}; its log is in the error's details`;
  return '';
}

/**
 * Turns the addon's thrown Error into a BpfError with an actionable one-line
 * message; libbpf's log stays on the error (libbpfLog), not in the message.
 */
export function toBpfError(err: unknown, section = ''): BpfError {
  if (err instanceof BpfError) return err;
  const e = (err ?? {}) as { code?: string; errno?: number; libbpfLog?: string; message?: string };
  const code = typeof e.code === 'string' ? e.code : 'BPF_ERROR';
  const errno = typeof e.errno === 'number' ? e.errno : 0;
  const log = typeof e.libbpfLog === 'string' ? e.libbpfLog : '';
  const extra = hint(code, errno, section, log);
  let message = firstLine(typeof e.message === 'string' ? e.message : String(err));
  if (extra) message += `; ${extra}`;
  return new BpfError(code, message, errno, log);
}
