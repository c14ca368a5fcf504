// __NAME__: system calls per process, counted in the kernel and read every interval.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/interval_map.h>
#include "__NAME__.h"

GADGET_EVENT_TYPE(syscall_stat);

/* Two tables swapped every interval: each one is read only once no program writes to it. */
GADGET_INTERVAL_MAP(stats, __u32, struct syscall_stat, 10240);

SEC("tracepoint/raw_syscalls/sys_enter")
int on_syscall(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (gadget_is_self(pid))
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	void *table = gadget_interval_table(&stats);
	if (!table)
		return 0;
	struct syscall_stat *s = bpf_map_lookup_elem(table, &pid);
	if (!s) {
		__u64 mntns = gadget_current_mntns_id();
		if (gadget_should_discard_mntns_id(mntns))
			return 0;
		struct syscall_stat fresh = { .pid = pid, .uid = (__u32)bpf_get_current_uid_gid(), .mntns_id = mntns };
		bpf_get_current_comm(fresh.comm, sizeof(fresh.comm));
		bpf_map_update_elem(table, &pid, &fresh, BPF_NOEXIST);
		s = bpf_map_lookup_elem(table, &pid);
		if (!s)
			return 0;
	}
	__sync_fetch_and_add(&s->calls, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
