/* What advise_seccomp keeps in the kernel, per mount namespace. */
#ifndef ADVISE_SECCOMP_H
#define ADVISE_SECCOMP_H

/* Syscall numbers followed: 0 to SYSCALL_BITS - 1 (x86_64 and arm64 stay below 512). */
#define SYSCALL_BITS 1024
#define SYSCALL_WORDS (SYSCALL_BITS / 64)

/* One bit per syscall number: set once a task of the namespace entered it. */
struct syscall_set {
	__u64 words[SYSCALL_WORDS];
};

/* Slots of the `missed` counters. */
enum missed_kind {
	MISSED_NAMESPACE = 0, /* a namespace did not fit in the table */
	MISSED_NUMBER = 1,    /* a syscall number at or above SYSCALL_BITS (x32 calls) */
	MISSED_KINDS,
};

#endif
