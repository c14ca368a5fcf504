/* Stack sampling for profile gadgets: each call of gadget_count_stack(ctx, n)
 * adds n to the count of the current process's (user stack, kernel stack)
 * pair. The stacks are kept in gadget_stacks (BPF_MAP_TYPE_STACK_TRACE) and
 * the counts in gadget_stack_counts; @gadgetry/shapes' stackProfileGadget
 * reads both when the run stops and symbolizes the addresses. A stack id
 * below 0 is the kernel's error: -EFAULT means there was no stack of that
 * kind (a kernel thread has no user stack), any other means the stack could
 * not be stored and is counted as lost. Samples that find the count table
 * full are added to gadget_stack_uncounted, never dropped silently. */
#ifndef GADGETRY_STACK_PROFILE_H
#define GADGETRY_STACK_PROFILE_H

#include "common.h"

/* Entries of each table; the shape sets both from the gadget's params. */
#define GADGET_STACK_ENTRIES 16384
/* Frames kept per stack: the kernel's default kernel.perf_event_max_stack. */
#define GADGET_STACK_DEPTH 127

struct gadget_stack_key {
	__u32 pid;             /* tgid */
	__s32 user_stack_id;   /* in gadget_stacks, or -errno */
	__s32 kernel_stack_id; /* in gadget_stacks, or -errno */
	__u32 _pad;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, GADGET_STACK_ENTRIES);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, GADGET_STACK_DEPTH * sizeof(__u64));
} gadget_stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, GADGET_STACK_ENTRIES);
	__type(key, struct gadget_stack_key);
	__type(value, __u64);
} gadget_stack_counts SEC(".maps");

/* Counts that found gadget_stack_counts full, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} gadget_stack_uncounted SEC(".maps");

/* Adds `weight` to the count of the current task's stacks; ctx is the
 * program's context (bpf_get_stackid walks the stacks it was called for). */
static __always_inline void gadget_count_stack(void *ctx, __u64 weight)
{
	struct gadget_stack_key key = {};
	key.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	key.user_stack_id = bpf_get_stackid(ctx, &gadget_stacks, BPF_F_USER_STACK);
	key.kernel_stack_id = bpf_get_stackid(ctx, &gadget_stacks, 0);

	__u64 *n = bpf_map_lookup_elem(&gadget_stack_counts, &key);
	if (n) {
		__sync_fetch_and_add(n, weight);
		return;
	}
	if (bpf_map_update_elem(&gadget_stack_counts, &key, &weight, BPF_NOEXIST) == 0)
		return;
	/* another CPU may have added the key meanwhile; else the table is full */
	n = bpf_map_lookup_elem(&gadget_stack_counts, &key);
	if (n) {
		__sync_fetch_and_add(n, weight);
		return;
	}
	__u32 zero = 0;
	__u64 *lost = bpf_map_lookup_elem(&gadget_stack_uncounted, &zero);
	if (lost)
		__sync_fetch_and_add(lost, weight);
}

#endif /* GADGETRY_STACK_PROFILE_H */
