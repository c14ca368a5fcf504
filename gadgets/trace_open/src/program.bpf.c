// trace_open: open(), openat() and openat2() calls with their file name and outcome.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_open.h"

const volatile bool failed_only = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 8 * 1024 * 1024); /* the --buffer-kb default */

struct args {
	const char *fname;
	__u64 timestamp;
	__u32 flags;
	__u32 mode;
};

/* What entry saw, until the same thread leaves the syscall. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct args);
} pending SEC(".maps");

static __always_inline int enter(const char *fname, __u64 flags, __u64 mode)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32, tid = (__u32)id;
	if (gadget_is_self(tgid))
		return 0;
	/* --pid, --uid, --comm...: comm and credentials are the same at exit */
	if (gadget_should_discard_common())
		return 0;
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	struct args a = { .fname = fname, .timestamp = bpf_ktime_get_boot_ns(), .flags = flags, .mode = mode };
	gadget_pending_store(&pending, &tid, &a);
	return 0;
}

static __always_inline int leave(long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct args *a = bpf_map_lookup_elem(&pending, &tid);
	if (!a)
		return 0;
	if (failed_only && ret >= 0)
		goto out;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		goto out;
	gadget_fill_process(&e->proc);
	e->timestamp = a->timestamp;
	e->fd = ret >= 0 ? ret : -1;
	e->error = ret >= 0 ? 0 : -ret;
	e->flags = a->flags;
	e->mode = a->mode;
	if (bpf_probe_read_user_str(e->fname, sizeof(e->fname), a->fname) < 0)
		e->fname[0] = 0;
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_open")
int on_open(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[0], ctx->args[1], ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(struct trace_event_raw_sys_enter *ctx)
{
	return enter((const char *)ctx->args[1], ctx->args[2], ctx->args[3]);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int on_openat2(struct trace_event_raw_sys_enter *ctx)
{
	struct open_how how = {};
	bpf_probe_read_user(&how, sizeof(how), (void *)ctx->args[2]);
	return enter((const char *)ctx->args[1], how.flags, how.mode);
}

SEC("tracepoint/syscalls/sys_exit_open")
int on_open_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int on_openat_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int on_openat2_exit(struct trace_event_raw_sys_exit *ctx)
{
	return leave(ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
