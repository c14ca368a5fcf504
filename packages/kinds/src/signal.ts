import { namedValues, namesByIndex } from './namedValues.js';

// Linux signal numbers on x86_64 and arm64 (asm-generic/signal.h).
const STANDARD = [
  undefined, 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

// Real-time signals are numbered from the kernel's first one (32), as strace
// names them: the C library keeps 32-34 for itself and moves its SIGRTMIN.
const REALTIME: [number, string][] = Array.from({ length: 33 }, (_, i) => [32 + i, `SIGRT_${i}`]);

export const SIGNAL_NAMES: ReadonlyMap<number, string> = new Map([...namesByIndex(STANDARD), ...REALTIME]);

/** signal: a signal number as its name (15 -> SIGTERM); users may type TERM, sigterm or 15. */
export const signalKind = namedValues({ names: () => SIGNAL_NAMES, prefix: 'SIG', example: 'a name or number, e.g. SIGTERM, TERM or 15' });
