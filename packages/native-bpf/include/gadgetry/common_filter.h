/* The filters every gadget offers, applied in the kernel: --pid, --tid, --uid,
 * --gid and --comm. The gadget shapes (@gadgetry/shapes) turn on the
 * gadget_filter_by_* switches before load and put the values to keep in
 * gadget_common_filter. An event passes when, for every filter that is on,
 * its value is one of those given.
 *
 * Call gadget_should_discard_common() before building an event of the current
 * task, or gadget_should_discard_task(task) in an iterator (the iterated task,
 * not the one reading the iterator). With no filter asked for, the switches
 * are constants once loaded and the verifier drops the lookups behind them. */
#ifndef GADGETRY_COMMON_FILTER_H
#define GADGETRY_COMMON_FILTER_H

#include "common.h"

/* Values one filter takes at most: the SDK's COMMON_FILTER_MAX_VALUES. */
#define GADGET_FILTER_VALUES 64

/* What a gadget_common_filter key holds; the shapes use the same numbers. */
enum gadget_filter_kind {
	GADGET_FILTER_PID = 1,
	GADGET_FILTER_TID = 2,
	GADGET_FILTER_UID = 3,
	GADGET_FILTER_GID = 4,
	GADGET_FILTER_COMM = 5,
};

struct gadget_filter_key {
	__u32 kind;                 /* enum gadget_filter_kind */
	__u32 id;                   /* the pid, tid, uid or gid; 0 for a comm */
	char comm[GADGET_COMM_LEN]; /* NUL-padded; all zero for an id */
};

const volatile bool gadget_filter_by_pid = false;
const volatile bool gadget_filter_by_tid = false;
const volatile bool gadget_filter_by_uid = false;
const volatile bool gadget_filter_by_gid = false;
const volatile bool gadget_filter_by_comm = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 5 * GADGET_FILTER_VALUES);
	__type(key, struct gadget_filter_key);
	__type(value, __u8);
} gadget_common_filter SEC(".maps");

/* True when `id` is not among the values kept for `kind`. */
static __always_inline bool gadget_filter_misses_id(__u32 kind, __u32 id)
{
	struct gadget_filter_key key = {};
	key.kind = kind;
	key.id = id;
	return !bpf_map_lookup_elem(&gadget_common_filter, &key);
}

/* True when the event of the current task must be dropped. */
static __always_inline bool gadget_should_discard_common(void)
{
	if (gadget_filter_by_pid || gadget_filter_by_tid) {
		__u64 pid_tgid = bpf_get_current_pid_tgid();
		if (gadget_filter_by_pid && gadget_filter_misses_id(GADGET_FILTER_PID, pid_tgid >> 32))
			return true;
		if (gadget_filter_by_tid && gadget_filter_misses_id(GADGET_FILTER_TID, (__u32)pid_tgid))
			return true;
	}
	if (gadget_filter_by_uid || gadget_filter_by_gid) {
		__u64 uid_gid = bpf_get_current_uid_gid();
		if (gadget_filter_by_uid && gadget_filter_misses_id(GADGET_FILTER_UID, (__u32)uid_gid))
			return true;
		if (gadget_filter_by_gid && gadget_filter_misses_id(GADGET_FILTER_GID, uid_gid >> 32))
			return true;
	}
	if (gadget_filter_by_comm) {
		struct gadget_filter_key key = {};
		key.kind = GADGET_FILTER_COMM;
		/* the helper pads with NULs, as the keys the shapes write are */
		bpf_get_current_comm(key.comm, sizeof(key.comm));
		if (!bpf_map_lookup_elem(&gadget_common_filter, &key))
			return true;
	}
	return false;
}

/* True when the event of `task` (an iterator's task) must be dropped. */
static __always_inline bool gadget_should_discard_task(struct task_struct *task)
{
	if (gadget_filter_by_pid && gadget_filter_misses_id(GADGET_FILTER_PID, BPF_CORE_READ(task, tgid)))
		return true;
	if (gadget_filter_by_tid && gadget_filter_misses_id(GADGET_FILTER_TID, BPF_CORE_READ(task, pid)))
		return true;
	if (gadget_filter_by_uid && gadget_filter_misses_id(GADGET_FILTER_UID, BPF_CORE_READ(task, cred, uid.val)))
		return true;
	if (gadget_filter_by_gid && gadget_filter_misses_id(GADGET_FILTER_GID, BPF_CORE_READ(task, cred, gid.val)))
		return true;
	if (gadget_filter_by_comm) {
		struct gadget_filter_key key = {};
		key.kind = GADGET_FILTER_COMM;
		/* the key is zeroed: what follows the name's NUL stays zero */
		bpf_probe_read_kernel_str(key.comm, sizeof(key.comm), task->comm);
		if (!bpf_map_lookup_elem(&gadget_common_filter, &key))
			return true;
	}
	return false;
}

#endif /* GADGETRY_COMMON_FILTER_H */
