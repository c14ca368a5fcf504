// __NAME__: the sizes of write() calls as a log2 histogram, counted in the
// kernel and read at the end of the run (or every interval).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/histogram.h>
#include "__NAME__.h"

const volatile bool per_process = false;

/* Keeps the key struct in the object's BTF, for the build and the decoder. */
GADGET_EVENT_TYPE(process_key);

/* One histogram per key, in tables swapped at each read: nothing is lost or counted twice. */
GADGET_HISTOGRAM(sizes, struct process_key, 10240);

SEC("tracepoint/syscalls/sys_enter_write")
int on_write(struct trace_event_raw_sys_enter *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (gadget_is_self(id >> 32))
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	struct process_key key = {};
	if (per_process) {
		key.pid = id >> 32;
		bpf_get_current_comm(key.comm, sizeof(key.comm));
	}
	/* the value in the unit the histogram shows: bytes asked for */
	gadget_histogram_add(&sizes, &key, ctx->args[2]);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
