// trace_signal: signals as the kernel generates them (signal/signal_generate),
// with who sent them and what became of them, and the kill(), tkill(),
// tgkill() and pidfd_send_signal() calls that failed before any signal was
// generated (the syscall tracepoints).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_signal.h"

#define EAGAIN 11

/* --signal: 0 keeps every signal. */
const volatile __u32 only_signal = 0;
/* --failed: only sends that failed. */
const volatile bool failed_only = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* A kill()-family call between its entry and its exit. */
struct sending {
	__u64 timestamp;
	__s32 target;
	__u32 signal;
	__u32 generated; /* signal_generate saw it: reported from there */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct sending);
} pending SEC(".maps");

/* The filters on the sender, the current task. */
static __always_inline bool discard_sender(void)
{
	if (gadget_should_discard_self())
		return true; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return true; /* --pid, --tid, --uid, --gid, --comm */
	return gadget_should_discard_mntns_id(gadget_current_mntns_id());
}

static __always_inline int enter(__s32 target, __u32 sig)
{
	if (only_signal && sig != only_signal)
		return 0;
	if (discard_sender())
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sending s = { .timestamp = bpf_ktime_get_boot_ns(), .target = target, .signal = sig };
	gadget_pending_store(&pending, &tid, &s);
	return 0;
}

static __always_inline int leave(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sending *s = bpf_map_lookup_elem(&pending, &tid);
	if (!s)
		return 0;
	/* a send that generated a signal was reported by signal_generate; a
	 * successful one that generated none (signal 0) is no signal at all */
	if (ret >= 0 || s->generated)
		goto out;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		goto out;
	gadget_fill_process(&e->proc);
	e->timestamp = s->timestamp;
	e->target_pid = s->target;
	e->signal = s->signal;
	e->result_code = SIGNAL_FAILED;
	e->err = -ret;
	e->code = 0;
	e->to_group = false;
	__builtin_memset(e->_pad, 0, sizeof(e->_pad));
	e->target_comm[0] = 0;
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tracepoint/signal/signal_generate")
int on_signal_generate(struct trace_event_raw_signal_generate *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sending *s = bpf_map_lookup_elem(&pending, &tid);
	if (s)
		s->generated = 1;
	__u32 sig = ctx->sig;
	if (only_signal && sig != only_signal)
		return 0;
	__u32 result = ctx->result;
	if (failed_only && result != SIGNAL_OVERFLOW_FAIL)
		return 0;
	if (discard_sender())
		return 0;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	gadget_fill_process(&e->proc);
	e->timestamp = bpf_ktime_get_boot_ns();
	e->target_pid = ctx->pid;
	e->signal = sig;
	e->result_code = result;
	e->err = result == SIGNAL_OVERFLOW_FAIL ? EAGAIN : 0;
	e->code = ctx->code;
	e->to_group = ctx->group != 0;
	__builtin_memset(e->_pad, 0, sizeof(e->_pad));
	if (bpf_probe_read_kernel_str(e->target_comm, sizeof(e->target_comm), ctx->comm) < 0)
		e->target_comm[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_kill")
int on_kill(struct trace_event_raw_sys_enter *ctx)
{
	return enter((__s32)ctx->args[0], (__u32)ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int on_tkill(struct trace_event_raw_sys_enter *ctx)
{
	return enter((__s32)ctx->args[0], (__u32)ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int on_tgkill(struct trace_event_raw_sys_enter *ctx)
{
	/* the thread id: the target signal_generate names too */
	return enter((__s32)ctx->args[1], (__u32)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_pidfd_send_signal")
int on_pidfd_send_signal(struct trace_event_raw_sys_enter *ctx)
{
	return enter(0, (__u32)ctx->args[1]); /* a pidfd, not a pid */
}

SEC("tracepoint/syscalls/sys_exit_kill")
int on_kill_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int on_tkill_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int on_tgkill_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_pidfd_send_signal")
int on_pidfd_send_signal_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
