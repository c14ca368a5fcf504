/*
 * Which process owns a socket. Events about sockets often happen where the
 * current task says nothing about it: a retransmission fires from a timer, a
 * drop or a connection's completion in softirq context on whatever task the
 * CPU was running. This header keeps the owners in the kernel, keyed by the
 * socket's inode number (what ss -e and /proc/net/tcp call its inode):
 *
 *  - gadget_socket_owners_scan, an iter/task_file program, puts the owner
 *    of every open socket in the table; socketOwners() of @gadgetry/shapes
 *    runs it once the gadget's programs are attached (so nothing opened
 *    meanwhile is missed) and gets each owner back too;
 *  - gadget_socket_owner_remember(sk) records the current task as the owner
 *    where it is one (connect, listen, accept: process context), and
 *    GADGET_SOCKET_OWNER_TRACKING() defines programs that do it on those;
 *  - gadget_socket_owner_of(sk) looks the owner up for an event, and
 *    gadget_should_discard_process() (<gadgetry/process_filter.h>) applies
 *    the run's filters to it.
 *
 * A socket shared by several processes is attributed to the first one the
 * scan finds (the lowest pid), or to the one that last connected, listened
 * or accepted on it. A socket closed by its process no longer has an inode
 * to look up: events after that (a FIN retransmitted, a time-wait socket)
 * carry no owner. Include after vmlinux.h and libbpf's headers.
 */
#ifndef GADGETRY_SOCKET_OWNER_H
#define GADGETRY_SOCKET_OWNER_H

#include "process.h"
#include "process_filter.h"
#include "sock.h"

#ifndef S_IFMT
#define S_IFMT 00170000
#endif
#ifndef S_IFSOCK
#define S_IFSOCK 0140000
#endif

/* Owners by socket inode; least recently used entries go first when full. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct gadget_process);
} gadget_socket_owners SEC(".maps");

/* What the scan writes for each open socket (read by socketOwners()). */
struct gadget_socket_owner_record {
	struct gadget_process proc;
	__u64 inode;
	__u32 fd;
	__u16 family;   /* AF_* */
	__u16 protocol; /* IPPROTO_* for IP sockets */
};
/* kept in the object's BTF for the reader, without becoming a gadget event */
const volatile struct gadget_socket_owner_record *__gadget_socket_owner_record_type __attribute__((unused)) = 0;

/* The inode number of a socket's file (0 when it has none: a kernel socket, or one its process closed). */
static __always_inline __u64 gadget_sock_inode(const struct sock *sk)
{
	struct socket *sock = BPF_CORE_READ(sk, sk_socket);
	if (!sock)
		return 0;
	/* struct socket_alloc holds the socket and its inode side by side */
	struct socket_alloc *sa = (void *)sock - bpf_core_field_offset(struct socket_alloc, socket);
	return BPF_CORE_READ(sa, vfs_inode.i_ino);
}

/* The owner of `sk`, or NULL when it is not known. */
static __always_inline struct gadget_process *gadget_socket_owner_of(const struct sock *sk)
{
	__u64 inode = gadget_sock_inode(sk);
	if (!inode)
		return NULL;
	return bpf_map_lookup_elem(&gadget_socket_owners, &inode);
}

/* Records the current task as the owner of the socket whose inode is `inode`. */
static __always_inline void gadget_socket_owner_remember_inode(__u64 inode)
{
	if (!inode)
		return;
	struct gadget_process p = {};
	gadget_fill_process(&p);
	bpf_map_update_elem(&gadget_socket_owners, &inode, &p, BPF_ANY);
}

/* Records the current task as the owner of `sk`: call it in process context only. */
static __always_inline void gadget_socket_owner_remember(const struct sock *sk)
{
	gadget_socket_owner_remember_inode(gadget_sock_inode(sk));
}

static __always_inline void gadget_socket_owner_forget(const struct sock *sk)
{
	__u64 inode = gadget_sock_inode(sk);
	if (inode)
		bpf_map_delete_elem(&gadget_socket_owners, &inode);
}

/* The file behind fd `fd` of the current task, or NULL. */
static __always_inline struct file *gadget_current_file(__u32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The socket behind a file, or NULL when the file is not a socket. */
static __always_inline struct sock *gadget_file_sock(struct file *f)
{
	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	return sock ? BPF_CORE_READ(sock, sk) : NULL;
}

SEC("iter/task_file")
int gadget_socket_owners_scan(struct bpf_iter__task_file *ctx)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	if (!task || !file)
		return 0;
	struct sock *sk = gadget_file_sock(file);
	if (!sk)
		return 0;
	struct gadget_socket_owner_record r = {};
	gadget_fill_task_process(&r.proc, task);
	r.inode = BPF_CORE_READ(file, f_inode, i_ino);
	r.fd = ctx->fd;
	r.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	r.protocol = BPF_CORE_READ(sk, sk_protocol);
	/* the first process found keeps it; one that connected, listened or accepted since is newer news */
	bpf_map_update_elem(&gadget_socket_owners, &r.inode, &r.proc, BPF_NOEXIST);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

/* Remembers the accepting task as the owner of the socket accept() returned. */
static __always_inline int gadget_socket_owner_accepted(long fd)
{
	if (fd < 0)
		return 0;
	struct file *f = gadget_current_file(fd);
	if (gadget_file_sock(f))
		gadget_socket_owner_remember_inode(BPF_CORE_READ(f, f_inode, i_ino));
	return 0;
}

/*
 * Programs that keep the owners current while a gadget runs, for gadgets
 * that do not hook these places themselves: connect() and listen() (the
 * state change happens in the calling task), accept() (on its return), and
 * a socket's end (its entry goes).
 */
#define GADGET_SOCKET_OWNER_TRACKING()                                                                  \
	SEC("tp_btf/inet_sock_set_state")                                                              \
	int BPF_PROG(gadget_socket_owner_state, const struct sock *sk, const int oldstate, const int newstate) \
	{                                                                                               \
		if (newstate == TCP_SYN_SENT || newstate == TCP_LISTEN)                                \
			gadget_socket_owner_remember(sk);                                              \
		else if (newstate == TCP_CLOSE)                                                        \
			gadget_socket_owner_forget(sk);                                                \
		return 0;                                                                               \
	}                                                                                               \
	SEC("tracepoint/syscalls/sys_exit_accept4")                                                    \
	int gadget_socket_owner_accept4(struct trace_event_raw_sys_exit *ctx)                           \
	{                                                                                               \
		return gadget_socket_owner_accepted(ctx->ret);                                          \
	}                                                                                               \
	SEC("tracepoint/syscalls/sys_exit_accept")                                                     \
	int gadget_socket_owner_accept(struct trace_event_raw_sys_exit *ctx)                            \
	{                                                                                               \
		return gadget_socket_owner_accepted(ctx->ret);                                          \
	}

#endif /* GADGETRY_SOCKET_OWNER_H */
