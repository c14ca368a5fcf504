// trace_tcp: TCP connects (with their outcome), accepts and closes.
//
// Outcomes and closes are read off the socket's state changes
// (inet_sock_set_state), which often happen in softirq context, where the
// current task is not the socket's: the owner comes from the table of
// <gadgetry/socket_owner.h>, filled by its scan at start and here whenever a
// task connects, listens or accepts. connect() calls that fail before a SYN
// is sent (no route, address in use...) are seen at the syscall's exit.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/socket_owner.h>
#include "trace_tcp.h"

#define EINTR 4
#define EISCONN 106
#define EALREADY 114
#define EINPROGRESS 115

const volatile bool connect_only = false;
const volatile bool accept_only = false;
const volatile bool failure_only = false;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* A connect() call between entry and exit: its fd and address, and whether it sent a SYN. */
struct connect_call {
	const void *addr;
	__u32 fd;
	__u32 reached;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct connect_call);
} connecting SEC(".maps");

static __always_inline bool tcp_inet(const struct sock *sk)
{
	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return false;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	return family == AF_INET || family == AF_INET6;
}

static __always_inline struct event *reserve(const struct gadget_process *owner, const char (*type)[TRACE_TCP_TYPE_LEN], __s32 error)
{
	if (failure_only && !error)
		return NULL;
	if (gadget_should_discard_process(owner))
		return NULL;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return NULL;
	if (owner)
		e->proc = *owner;
	else
		__builtin_memset(&e->proc, 0, sizeof(e->proc));
	__builtin_memcpy(e->type, *type, TRACE_TCP_TYPE_LEN);
	e->error = error;
	e->timestamp = bpf_ktime_get_boot_ns();
	return e;
}

static __always_inline void emit(const struct sock *sk, const struct gadget_process *owner, const char (*type)[TRACE_TCP_TYPE_LEN], __s32 error)
{
	struct event *e = reserve(owner, type, error);
	if (!e)
		return;
	gadget_fill_sock_endpoints(&e->ends, sk);
	e->netns = gadget_sock_netns((const struct sock_common *)sk);
	bpf_ringbuf_submit(e, 0);
}

static const char CONNECT[TRACE_TCP_TYPE_LEN] = "connect";
static const char ACCEPT[TRACE_TCP_TYPE_LEN] = "accept";
static const char CLOSE[TRACE_TCP_TYPE_LEN] = "close";

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_state, const struct sock *sk, const int oldstate, const int newstate)
{
	if (!tcp_inet(sk))
		return 0;
	if (newstate == TCP_SYN_SENT || newstate == TCP_LISTEN) {
		/* connect() and listen() change the state in the calling task: it owns the socket */
		gadget_socket_owner_remember(sk);
		if (newstate == TCP_SYN_SENT) {
			__u32 tid = (__u32)bpf_get_current_pid_tgid();
			struct connect_call *call = bpf_map_lookup_elem(&connecting, &tid);
			if (call)
				call->reached = 1;
		}
		return 0;
	}
	struct gadget_process *owner = gadget_socket_owner_of(sk);
	if (oldstate == TCP_SYN_SENT) {
		/* the outcome of a connect: a reply, or an error (a reset, no reply in time, ICMP) */
		__s32 err = BPF_CORE_READ(sk, sk_err);
		if (newstate == TCP_ESTABLISHED || (newstate == TCP_CLOSE && err)) {
			if (!accept_only)
				emit(sk, owner, &CONNECT, newstate == TCP_ESTABLISHED ? 0 : err);
		} else if (newstate == TCP_CLOSE && !connect_only && !accept_only) {
			emit(sk, owner, &CLOSE, 0); /* closed by its owner while connecting */
		}
	} else if ((oldstate == TCP_ESTABLISHED || oldstate == TCP_CLOSE_WAIT) && newstate != TCP_CLOSE_WAIT) {
		/* this end shuts the connection (close, shutdown), or it broke (reset, timeout) */
		if (!connect_only && !accept_only)
			emit(sk, owner, &CLOSE, BPF_CORE_READ(sk, sk_err));
		gadget_socket_owner_forget(sk);
		return 0;
	}
	if (newstate == TCP_CLOSE)
		gadget_socket_owner_forget(sk);
	return 0;
}

static __always_inline int accepted(long fd)
{
	if (fd < 0)
		return 0;
	struct file *f = gadget_current_file(fd);
	struct sock *sk = gadget_file_sock(f);
	if (!sk || !tcp_inet(sk))
		return 0;
	struct gadget_process owner = {};
	gadget_fill_process(&owner);
	__u64 inode = BPF_CORE_READ(f, f_inode, i_ino);
	bpf_map_update_elem(&gadget_socket_owners, &inode, &owner, BPF_ANY);
	if (!connect_only)
		emit(sk, &owner, &ACCEPT, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int on_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int on_accept(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_connect")
int on_connect(struct trace_event_raw_sys_enter *ctx)
{
	if (accept_only)
		return 0;
	if (gadget_should_discard_self() || gadget_should_discard_common() ||
	    gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct connect_call call = { .addr = (const void *)ctx->args[1], .fd = (__u32)ctx->args[0] };
	gadget_pending_store(&connecting, &tid, &call);
	return 0;
}

/* The remote end as connect() was given it. */
static __always_inline void read_sockaddr(struct gadget_endpoints *ends, const void *addr)
{
	__u16 family = 0;
	bpf_probe_read_user(&family, sizeof(family), addr);
	if (family == AF_INET) {
		struct sockaddr_in sin = {};
		bpf_probe_read_user(&sin, sizeof(sin), addr);
		gadget_ipv4_mapped(ends->daddr, sin.sin_addr.s_addr);
		ends->dport = bpf_ntohs(sin.sin_port);
	} else if (family == AF_INET6) {
		struct sockaddr_in6 sin6 = {};
		bpf_probe_read_user(&sin6, sizeof(sin6), addr);
		__builtin_memcpy(ends->daddr, sin6.sin6_addr.in6_u.u6_addr8, 16);
		ends->dport = bpf_ntohs(sin6.sin6_port);
	}
}

SEC("tracepoint/syscalls/sys_exit_connect")
int on_connect_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct connect_call *call = bpf_map_lookup_elem(&connecting, &tid);
	if (!call)
		return 0;
	long ret = ctx->ret;
	const void *addr = call->addr;
	__u32 fd = call->fd, reached = call->reached;
	bpf_map_delete_elem(&connecting, &tid);
	/* a SYN went out: the state changes tell the outcome */
	if (ret >= 0 || reached || ret == -EINPROGRESS || ret == -EALREADY || ret == -EISCONN || ret == -EINTR)
		return 0;
	struct sock *sk = gadget_file_sock(gadget_current_file(fd));
	if (!sk || !tcp_inet(sk))
		return 0;
	struct gadget_process owner = {};
	gadget_fill_process(&owner);
	struct event *e = reserve(&owner, &CONNECT, -ret);
	if (!e)
		return 0;
	gadget_fill_sock_endpoints(&e->ends, sk);
	read_sockaddr(&e->ends, addr);
	e->netns = gadget_sock_netns((const struct sock_common *)sk);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
