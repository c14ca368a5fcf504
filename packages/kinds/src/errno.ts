import { namedValues, namesByIndex, words } from './namedValues.js';

/** `value NAME` pairs written as text. */
const pairs = (text: string): [number, string][] => words(text).flatMap((w, i, all) => (i % 2 === 0 ? [[Number(w), all[i + 1]!] as [number, string]] : []));

// Linux errno numbers; x86_64 and arm64 share them (asm-generic/errno-base.h, errno.h).
// 41 and 58 are unused (EWOULDBLOCK and EDEADLOCK are other names of 11 and 35).
const USER_VISIBLE = [
  undefined, 'EPERM', 'ENOENT', 'ESRCH', 'EINTR', 'EIO', 'ENXIO', 'E2BIG', 'ENOEXEC', 'EBADF', 'ECHILD',
  'EAGAIN', 'ENOMEM', 'EACCES', 'EFAULT', 'ENOTBLK', 'EBUSY', 'EEXIST', 'EXDEV', 'ENODEV', 'ENOTDIR',
  'EISDIR', 'EINVAL', 'ENFILE', 'EMFILE', 'ENOTTY', 'ETXTBSY', 'EFBIG', 'ENOSPC', 'ESPIPE', 'EROFS',
  'EMLINK', 'EPIPE', 'EDOM', 'ERANGE', 'EDEADLK', 'ENAMETOOLONG', 'ENOLCK', 'ENOSYS', 'ENOTEMPTY', 'ELOOP',
  undefined, 'ENOMSG', 'EIDRM', 'ECHRNG', 'EL2NSYNC', 'EL3HLT', 'EL3RST', 'ELNRNG', 'EUNATCH', 'ENOCSI',
  'EL2HLT', 'EBADE', 'EBADR', 'EXFULL', 'ENOANO', 'EBADRQC', 'EBADSLT', undefined, 'EBFONT', 'ENOSTR',
  'ENODATA', 'ETIME', 'ENOSR', 'ENONET', 'ENOPKG', 'EREMOTE', 'ENOLINK', 'EADV', 'ESRMNT', 'ECOMM',
  'EPROTO', 'EMULTIHOP', 'EDOTDOT', 'EBADMSG', 'EOVERFLOW', 'ENOTUNIQ', 'EBADFD', 'EREMCHG', 'ELIBACC', 'ELIBBAD',
  'ELIBSCN', 'ELIBMAX', 'ELIBEXEC', 'EILSEQ', 'ERESTART', 'ESTRPIPE', 'EUSERS', 'ENOTSOCK', 'EDESTADDRREQ', 'EMSGSIZE',
  'EPROTOTYPE', 'ENOPROTOOPT', 'EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EOPNOTSUPP', 'EPFNOSUPPORT', 'EAFNOSUPPORT', 'EADDRINUSE', 'EADDRNOTAVAIL', 'ENETDOWN',
  'ENETUNREACH', 'ENETRESET', 'ECONNABORTED', 'ECONNRESET', 'ENOBUFS', 'EISCONN', 'ENOTCONN', 'ESHUTDOWN', 'ETOOMANYREFS', 'ETIMEDOUT',
  'ECONNREFUSED', 'EHOSTDOWN', 'EHOSTUNREACH', 'EALREADY', 'EINPROGRESS', 'ESTALE', 'EUCLEAN', 'ENOTNAM', 'ENAVAIL', 'EISNAM',
  'EREMOTEIO', 'EDQUOT', 'ENOMEDIUM', 'EMEDIUMTYPE', 'ECANCELED', 'ENOKEY', 'EKEYEXPIRED', 'EKEYREVOKED', 'EKEYREJECTED', 'EOWNERDEAD',
  'ENOTRECOVERABLE', 'ERFKILL', 'EHWPOISON',
];

// The kernel's own codes (include/linux/errno.h): user space never sees them,
// but a tracepoint or kernel function return value may carry one.
const KERNEL_ONLY: [number, string][] = pairs(`
  512 ERESTARTSYS
  513 ERESTARTNOINTR
  514 ERESTARTNOHAND
  515 ENOIOCTLCMD
  516 ERESTART_RESTARTBLOCK
  517 EPROBE_DEFER
  518 EOPENSTALE
  519 ENOPARAM
  521 EBADHANDLE
  522 ENOTSYNC
  523 EBADCOOKIE
  524 ENOTSUPP
  525 ETOOSMALL
  526 ESERVERFAULT
  527 EBADTYPE
  528 EJUKEBOX
  529 EIOCBQUEUED
  530 ERECALLCONFLICT
  531 ENOGRACE
`);

export const ERRNO_NAMES: ReadonlyMap<number, string> = new Map([...namesByIndex(USER_VISIBLE), ...KERNEL_ONLY]);

/** errno: a positive errno as its name (2 -> ENOENT); 0, success, shows as nothing. */
export const errnoKind = namedValues({ names: () => ERRNO_NAMES, zero: '', width: 15, example: 'a name or number, e.g. ENOENT or 2' });

/** "ENOENT" for 2, "" for 0, the number for one Linux does not name. */
export const errnoName = (errno: number): string => errnoKind.text(errno, {});
