/** An error from the kernel side, with a stable code, errno and what libbpf said. */
export class BpfError extends Error {
  readonly code: string;
  readonly errno: number;
  /** libbpf's messages around the failure (the verifier log for load failures). */
  readonly libbpfLog: string;

  constructor(code: string, message: string, errno = 0, libbpfLog = '') {
    super(message);
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

const EPERM = 1;
const ENOENT = 2;
const EOPNOTSUPP = 95;
const E2BIG = 7;

/** A sentence telling the user what to do about a failure in `section`. */
function hint(code: string, errno: number, section: string): string {
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
  return '';
}

/** Turns the addon's thrown Error into a BpfError with an actionable message. */
export function toBpfError(err: unknown, section = ''): BpfError {
  if (err instanceof BpfError) return err;
  const e = err as { code?: string; errno?: number; libbpfLog?: string; message?: string };
  const code = typeof e.code === 'string' ? e.code : 'BPF_ERROR';
  const errno = typeof e.errno === 'number' ? e.errno : 0;
  const log = e.libbpfLog ?? '';
  const extra = hint(code, errno, section);
  let message = e.message ?? String(err);
  if (extra) message += `; ${extra}`;
  else if (code === 'BPF_LOAD_FAILED' && log) message += `\n${log.trimEnd().split('\n').slice(-15).join('\n')}`;
  return new BpfError(code, message, errno, log);
}
