/*
 * Calls in flight between a uprobe on a function's entry and the uretprobe
 * on its return: what the entry saw (arguments, a timestamp) is kept until
 * the return, which reports it with the result.
 *
 * GADGET_UPROBE_CALLS(name, value_type, entries) declares the table, a hash
 * keyed by gadget_uprobe_call_key(fn): the thread and which traced function
 * (0..255). The function is part of the key because one traced function may
 * call another on the same thread (realloc(NULL, n) calls malloc): both are
 * in flight at once, each found again at its own return.
 *
 *	GADGET_UPROBE_CALLS(pending, struct call, 10240);
 *	// entry
 *	gadget_uprobe_call_begin(&pending, FN_READ, &c);
 *	// return
 *	__u64 key = gadget_uprobe_call_key(FN_READ);
 *	struct call *c = bpf_map_lookup_elem(&pending, &key);
 *	...
 *	bpf_map_delete_elem(&pending, &key);
 *
 * The table's size is a load-time setting (mapSizes); when it is full the
 * call is counted as lost (GADGET_LOSS_PENDING_FULL), not silently missed.
 */
#ifndef GADGETRY_UPROBE_CALLS_H
#define GADGETRY_UPROBE_CALLS_H

#include "common.h"

#define GADGET_UPROBE_CALLS(name, value_type, entries) \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_HASH);        \
		__uint(max_entries, entries);           \
		__type(key, __u64);                     \
		__type(value, value_type);              \
	} name SEC(".maps")

/* The current thread's call of traced function `fn`. */
static __always_inline __u64 gadget_uprobe_call_key(__u8 fn)
{
	return ((__u64)(__u32)bpf_get_current_pid_tgid() << 8) | fn;
}

/* Remembers `value` for the current thread's call of `fn` until its return. */
static __always_inline void gadget_uprobe_call_begin(void *calls, __u8 fn, const void *value)
{
	__u64 key = gadget_uprobe_call_key(fn);
	gadget_pending_store(calls, &key, value);
}

#endif /* GADGETRY_UPROBE_CALLS_H */
