/* The event trace_signal sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. */
#ifndef TRACE_SIGNAL_H
#define TRACE_SIGNAL_H

/* What became of a signal: the kernel's TRACE_SIGNAL_* results (signal_generate),
 * and one of ours for a kill()-family call that failed before any signal. */
enum signal_result {
	SIGNAL_DELIVERED = 0,       /* queued for the target */
	SIGNAL_IGNORED = 1,         /* the target ignores it */
	SIGNAL_ALREADY_PENDING = 2, /* a standard signal already pending: merged */
	SIGNAL_OVERFLOW_FAIL = 3,   /* the real-time queue was full: not sent (EAGAIN) */
	SIGNAL_LOSE_INFO = 4,       /* sent without its siginfo */
	SIGNAL_FAILED = 5,          /* the call failed (no such process, not permitted...) */
};

struct event {
	struct gadget_process proc; /* the sender */
	gadget_timestamp timestamp; /* ns since boot */
	__s32 target_pid;           /* thread the signal went to; a failed kill(): its pid argument (0 for pidfd_send_signal) */
	__u32 signal;               /* signal number (0: a kill(pid, 0) check) */
	__u32 result_code;          /* enum signal_result */
	__u32 err;                  /* errno of a failed send, 0 otherwise */
	__s32 code;                 /* si_code: SI_USER, SI_TKILL, SI_KERNEL, ... */
	bool to_group;              /* true: sent to the whole process, false: to one thread */
	__u8 _pad[3];
	char target_comm[16];       /* the target's command name ("" for a failed send) */
};

#endif
