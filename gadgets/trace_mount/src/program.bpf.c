// trace_mount: mount(2), umount2(2) and the mount API of Linux 5.2 and later
// (fsopen, fsconfig, fsmount, move_mount, open_tree, open_tree_attr,
// mount_setattr), with what each was given and its outcome.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_mount.h"

/* fsconfig commands whose value is a string (linux/mount.h) */
#define FSCONFIG_SET_STRING 1
#define FSCONFIG_SET_PATH 3
#define FSCONFIG_SET_PATH_EMPTY 4

/* --failed: only calls that failed. */
const volatile bool failed_only = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* What entry read, until the same thread leaves the call. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct event);
} pending SEC(".maps");

/* The event being built at entry: too large for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

/* An empty event for this call, or NULL when the filters leave it out. */
static __always_inline struct event *begin(struct trace_event_raw_sys_enter *ctx)
{
	if (gadget_should_discard_self())
		return NULL; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return NULL; /* --pid, --tid, --uid, --gid, --comm */
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return NULL;
	__u32 zero = 0;
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return NULL;
	__builtin_memset(e, 0, sizeof(*e));
	e->timestamp = bpf_ktime_get_boot_ns();
	e->syscall = (__s32)ctx->id;
	e->fd = -1;
	return e;
}

static __always_inline int remember(struct event *e)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	gadget_pending_store(&pending, &tid, e);
	return 0;
}

static __always_inline void read_path(char *dst, const char *src)
{
	if (src)
		bpf_probe_read_user_str(dst, TRACE_MOUNT_PATH_MAX, src);
}

SEC("tracepoint/syscalls/sys_enter_mount")
int on_mount(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	read_path(e->source, (const char *)ctx->args[0]);
	read_path(e->target, (const char *)ctx->args[1]);
	if (ctx->args[2])
		bpf_probe_read_user_str(e->fstype, sizeof(e->fstype), (const char *)ctx->args[2]);
	e->flags = ctx->args[3];
	read_path(e->data, (const char *)ctx->args[4]);
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_umount")
int on_umount(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	read_path(e->target, (const char *)ctx->args[0]);
	e->call_flags = ctx->args[1];
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_fsopen")
int on_fsopen(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	if (ctx->args[0])
		bpf_probe_read_user_str(e->fstype, sizeof(e->fstype), (const char *)ctx->args[0]);
	e->call_flags = ctx->args[1];
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_fsconfig")
int on_fsconfig(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	e->fd = (__s32)ctx->args[0];
	__u32 cmd = (__u32)ctx->args[1];
	e->call_flags = cmd;
	const char *key = (const char *)ctx->args[2];
	const char *value = (const char *)ctx->args[3];
	long n = key ? bpf_probe_read_user_str(e->data, TRACE_MOUNT_KEY_MAX, key) : 0;
	bool text = cmd == FSCONFIG_SET_STRING || cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY;
	if (n > 1 && value && text) {
		/* key=value: the key took at most TRACE_MOUNT_KEY_MAX bytes of data */
		__u32 at = (n - 1) & (TRACE_MOUNT_KEY_MAX - 1);
		e->data[at] = '=';
		bpf_probe_read_user_str(&e->data[at + 1], sizeof(e->data) - TRACE_MOUNT_KEY_MAX, value);
	}
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_fsmount")
int on_fsmount(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	e->fd = (__s32)ctx->args[0];
	e->call_flags = ctx->args[2]; /* MOUNT_ATTR_*: what the new mount will be; its own flags only say CLOEXEC */
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_move_mount")
int on_move_mount(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	e->fd = (__s32)ctx->args[0];
	read_path(e->source, (const char *)ctx->args[1]);
	read_path(e->target, (const char *)ctx->args[3]);
	e->call_flags = ctx->args[4];
	return remember(e);
}

/* open_tree(dfd, path, flags) and open_tree_attr(dfd, path, flags, attr, size) */
static __always_inline int open_tree(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	e->fd = (__s32)ctx->args[0];
	read_path(e->source, (const char *)ctx->args[1]);
	e->call_flags = ctx->args[2];
	return remember(e);
}

SEC("tracepoint/syscalls/sys_enter_open_tree")
int on_open_tree(struct trace_event_raw_sys_enter *ctx)
{
	return open_tree(ctx);
}

SEC("tracepoint/syscalls/sys_enter_open_tree_attr")
int on_open_tree_attr(struct trace_event_raw_sys_enter *ctx)
{
	return open_tree(ctx);
}

SEC("tracepoint/syscalls/sys_enter_mount_setattr")
int on_mount_setattr(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e = begin(ctx);
	if (!e)
		return 0;
	e->fd = (__s32)ctx->args[0];
	read_path(e->target, (const char *)ctx->args[1]);
	e->call_flags = ctx->args[2];
	return remember(e);
}

/* Every call's exit: the event its entry built, with the outcome. */
static __always_inline int leave(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *a = bpf_map_lookup_elem(&pending, &tid);
	if (!a)
		return 0;
	long ret = ctx->ret;
	if (failed_only && ret >= 0)
		goto out;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		goto out;
	__builtin_memcpy(e, a, sizeof(*e));
	gadget_fill_process(&e->proc);
	e->ret = ret;
	e->err = ret < 0 ? -ret : 0;
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

#define EXIT_PROGRAM(call)                                            \
	SEC("tracepoint/syscalls/sys_exit_" #call)                    \
	int on_##call##_exit(struct trace_event_raw_sys_exit *ctx)    \
	{                                                             \
		return leave(ctx);                                    \
	}

EXIT_PROGRAM(mount)
EXIT_PROGRAM(umount)
EXIT_PROGRAM(fsopen)
EXIT_PROGRAM(fsconfig)
EXIT_PROGRAM(fsmount)
EXIT_PROGRAM(move_mount)
EXIT_PROGRAM(open_tree)
EXIT_PROGRAM(open_tree_attr)
EXIT_PROGRAM(mount_setattr)

char LICENSE[] SEC("license") = "GPL";
