// __NAME__: every kill() call, with who sent which signal to whom.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "__NAME__.h"

/* Set from the --signal param before load; 0 keeps every signal. */
const volatile __u32 only_signal = 0;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 256 * 1024);

SEC("tracepoint/syscalls/sys_enter_kill")
int on_kill(struct trace_event_raw_sys_enter *ctx)
{
	__u32 sig = (__u32)ctx->args[1];
	if (only_signal && sig != only_signal)
		return 0;
	if (gadget_should_discard_self())
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	gadget_fill_process(&e->proc);
	e->target_pid = (__s32)ctx->args[0];
	e->signal = sig;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
