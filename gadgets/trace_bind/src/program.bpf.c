// trace_bind: bind() calls with the address, port and protocol asked for, and
// their outcome (syscalls/sys_{enter,exit}_bind).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_bind.h"

#define AF_INET 2
#define AF_INET6 10
#define S_IFMT 00170000
#define S_IFSOCK 0140000

/* --ignore-errors: only binds that succeeded. */
const volatile bool ignore_errors = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* What entry read, until the same thread leaves bind(). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct event);
} pending SEC(".maps");

/* One pending event per CPU is built here: it is too large for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

/* The socket behind `fd` of the current process, or NULL when it is no socket. */
static __always_inline struct sock *socket_of(__u32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	if ((BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	struct socket *sock = BPF_CORE_READ(file, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

SEC("tracepoint/syscalls/sys_enter_bind")
int on_bind(struct trace_event_raw_sys_enter *ctx)
{
	if (gadget_should_discard_self())
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return 0; /* --pid, --tid, --uid, --gid, --comm */
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	__u32 zero = 0;
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	__builtin_memset(e, 0, sizeof(*e));
	e->timestamp = bpf_ktime_get_boot_ns();
	e->fd = (__s32)ctx->args[0];
	const void *uaddr = (const void *)ctx->args[1];
	__u32 len = (__u32)ctx->args[2];
	__u16 family = 0;
	if (len >= sizeof(family))
		bpf_probe_read_user(&family, sizeof(family), uaddr);
	e->family = family;
	if (family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		struct sockaddr_in sin = {};
		bpf_probe_read_user(&sin, sizeof(sin), uaddr);
		e->port = bpf_ntohs(sin.sin_port);
		e->addr[10] = 0xff;
		e->addr[11] = 0xff;
		__builtin_memcpy(&e->addr[12], &sin.sin_addr.s_addr, 4);
	} else if (family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 sin6 = {};
		bpf_probe_read_user(&sin6, sizeof(sin6), uaddr);
		e->port = bpf_ntohs(sin6.sin6_port);
		__builtin_memcpy(e->addr, &sin6.sin6_addr, 16);
	}
	struct sock *sk = e->fd >= 0 ? socket_of(e->fd) : NULL;
	if (sk) {
		/* a bitfield on kernels before 5.6: read either way */
		e->proto = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol);
		e->sock_type = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_type);
	}
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	gadget_pending_store(&pending, &tid, e);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_bind")
int on_bind_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *a = bpf_map_lookup_elem(&pending, &tid);
	if (!a)
		return 0;
	long ret = ctx->ret;
	if (ignore_errors && ret < 0)
		goto out;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		goto out;
	__builtin_memcpy(e, a, sizeof(*e));
	gadget_fill_process(&e->proc);
	e->err = ret < 0 ? -ret : 0;
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
