// trace_exec: every execve()/execveat(), with its argv, as the process leaves the syscall.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_exec.h"

const volatile bool ignore_failed = true;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 8 * 1024 * 1024); /* the --buffer-kb default */

/* Arguments are captured at entry (the old image still exists) and sent at exit.
 * Sized by --max-in-flight (each entry is a whole event, about 2.2 KiB). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct event);
} pending SEC(".maps");

/* Zeroed scratch for a new entry: struct event is too large for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

static __always_inline int enter(const char *filename, const char *const *argv)
{
	if (gadget_should_discard_self())
		return 0;
	__u64 mntns = gadget_current_mntns_id();
	if (gadget_should_discard_mntns_id(mntns))
		return 0;

	__u32 zero = 0, tid = (__u32)bpf_get_current_pid_tgid();
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->timestamp = bpf_ktime_get_boot_ns();
	e->args_count = 0;
	e->args_size = 0;

	long n = bpf_probe_read_user_str(e->args, TRACE_EXEC_ARG_LEN, filename);
	if (n <= 0)
		n = 1, e->args[0] = 0;
	/* argv[0] replaces the file name when present; keep the path only if argv is empty */
	__u32 first = n;
	for (int i = 0; i < TRACE_EXEC_MAX_ARGS; i++) {
		const char *arg = NULL;
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			break;
		__u32 off = i == 0 ? 0 : e->args_size;
		if (off > TRACE_EXEC_ARGS_SIZE - TRACE_EXEC_ARG_LEN)
			break;
		n = bpf_probe_read_user_str(&e->args[off], TRACE_EXEC_ARG_LEN, arg);
		if (n <= 0)
			break;
		e->args_count++;
		e->args_size = off + n;
	}
	if (e->args_count == 0) {
		e->args_count = 1;
		e->args_size = first;
	}
	gadget_pending_store(&pending, &tid, e);
	return 0;
}

static __always_inline int leave(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	if (ret < 0 && ignore_failed)
		goto out;
	/* --pid, --uid, --comm...: checked here, where the comm and credentials
	 * are the new image's, as the event shows them */
	if (gadget_should_discard_common())
		goto out;
	e->retval = ret;
	/* after a successful exec, comm and credentials are the new image's */
	gadget_fill_process(&e->proc);
	__u32 size = e->args_size;
	if (size > TRACE_EXEC_ARGS_SIZE)
		size = TRACE_EXEC_ARGS_SIZE;
	if (bpf_ringbuf_output(&events, e, sizeof(*e) - TRACE_EXEC_ARGS_SIZE + size, 0))
		gadget_count_drop();
out:
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int on_execve(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[0], (const char *const *)ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_execveat")
int on_execveat(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[1], (const char *const *)ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_execve")
int on_execve_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_execveat")
int on_execveat_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
