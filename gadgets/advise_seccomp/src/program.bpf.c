// advise_seccomp: every syscall entered, as one bit per syscall number in a
// set per mount namespace (a container has its own). The sets are read once,
// at the end of the run, and become a seccomp profile (src/seccompProfile.ts).
// The container filter is applied then, not here: a container's first calls
// (its runtime setting it up, the exec of its process) come before the
// runtime sees the container, and a profile without them does not start.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "advise_seccomp.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096); /* --max-namespaces */
	__type(key, __u64);        /* mount namespace id */
	__type(value, struct syscall_set);
} syscalls_used SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MISSED_KINDS);
	__type(key, __u32);
	__type(value, __u64);
} missed SEC(".maps");

static __always_inline void count_missed(__u32 kind)
{
	__u64 *n = bpf_map_lookup_elem(&missed, &kind);
	if (n)
		*n += 1; /* per CPU: no other writer */
}

SEC("raw_tp/sys_enter")
int on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	if (gadget_should_discard_self())
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	__u64 id = ctx->args[1];
	if (id >= SYSCALL_BITS) {
		count_missed(MISSED_NUMBER);
		return 0;
	}
	__u64 mntns = gadget_current_mntns_id();
	struct syscall_set *set = bpf_map_lookup_elem(&syscalls_used, &mntns);
	if (!set) {
		static const struct syscall_set empty = {};
		if (bpf_map_update_elem(&syscalls_used, &mntns, &empty, BPF_NOEXIST) && bpf_map_lookup_elem(&syscalls_used, &mntns) == NULL) {
			count_missed(MISSED_NAMESPACE);
			return 0;
		}
		set = bpf_map_lookup_elem(&syscalls_used, &mntns);
		if (!set)
			return 0;
	}
	__u64 bit = 1ULL << (id & 63);
	__u32 word = (id >> 6) & (SYSCALL_WORDS - 1);
	/* most calls find their bit set already: read before writing */
	if (!(set->words[word] & bit))
		__sync_fetch_and_or(&set->words[word], bit);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
