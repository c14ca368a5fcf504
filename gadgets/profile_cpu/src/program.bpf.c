// profile_cpu: samples what every CPU runs, at a fixed frequency, from a
// software CPU-clock perf event, and counts each process's user and kernel
// stacks; user space symbolizes them when the run stops.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/stack_profile.h>

/* Count the idle task (pid 0) too: by default only CPU time spent on work is shown. */
const volatile bool include_idle = false;

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	if (tgid == 0 && !include_idle)
		return 0;
	if (gadget_is_self(tgid))
		return 0;
	if (gadget_should_discard_common())
		return 0;
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	gadget_count_stack(ctx, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
