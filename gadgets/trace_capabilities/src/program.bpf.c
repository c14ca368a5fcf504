// trace_capabilities: every capability check cap_capable() makes
// (capability/cap_capable), with the capability, the syscall under way and
// the verdict.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_capabilities.h"

/* --unique: each (process, capability, verdict) once. */
const volatile bool unique = false;
/* --denied: only checks that failed. */
const volatile bool denied_only = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, struct unique_key);
	__type(value, __u8);
} seen SEC(".maps");

#define PF_KTHREAD 0x00200000

/* The syscall the current task is in, from its saved user registers; -1
 * outside one (an interrupt, a fault) and in kernel threads, which have none. */
static __always_inline __s32 current_syscall(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	if (task->flags & PF_KTHREAD)
		return -1;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
#if defined(__TARGET_ARCH_x86)
	return (__s32)BPF_CORE_READ(regs, orig_ax);
#elif defined(__TARGET_ARCH_arm64)
	return BPF_CORE_READ(regs, syscallno);
#else
	return -1;
#endif
}

SEC("tracepoint/capability/cap_capable")
int on_cap_capable(struct trace_event_raw_cap_capable *ctx)
{
	__u32 denied = ctx->ret != 0;
	if (denied_only && !denied)
		return 0;
	if (gadget_should_discard_self())
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	__u32 cap = ctx->cap;
	if (unique) {
		struct unique_key key = { .tgid = bpf_get_current_pid_tgid() >> 32, .cap = cap, .denied = denied };
		__u8 one = 1;
		/* only the first check of its kind gets in */
		if (bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST))
			return 0;
	}
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	gadget_fill_process(&e->proc);
	e->timestamp = bpf_ktime_get_boot_ns();
	e->target_userns = BPF_CORE_READ(ctx, target_ns, ns.inum);
	e->cap = cap;
	e->syscall = current_syscall();
	e->err = denied ? -ctx->ret : 0;
	e->_pad = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
