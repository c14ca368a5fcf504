// snapshot_socket: every TCP, UDP and unix socket of a network namespace,
// read with the kernel's socket iterators, each with its owner: the
// iter/task_file scan of <gadgetry/socket_owner.h> runs first and fills the
// owner table these iterators look sockets up in.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/socket_owner.h>
#include "snapshot_socket.h"

GADGET_EVENT_TYPE(socket_record);

/* Owner, inode, type and namespace of a full socket; false when the run's filters leave it out. */
static __always_inline bool fill_owner(struct socket_record *r, const struct sock *sk)
{
	struct gadget_process *owner = gadget_socket_owner_of(sk);
	if (gadget_should_discard_process(owner))
		return false;
	if (owner)
		r->proc = *owner;
	r->inode = gadget_sock_inode(sk);
	r->type = BPF_CORE_READ(sk, sk_type);
	return true;
}

SEC("iter/tcp")
int dump_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	if (!skc)
		return 0;
	struct socket_record r = {};
	r.state = BPF_CORE_READ(skc, skc_state);
	r.protocol = IPPROTO_TCP;
	if (r.state == TCP_TIME_WAIT || r.state == TCP_NEW_SYN_RECV) {
		/* no socket of a process behind these: listed only when no filter asks for processes */
		if (gadget_should_discard_process(NULL))
			return 0;
		r.type = 1; /* SOCK_STREAM */
	} else if (!fill_owner(&r, (const struct sock *)skc)) {
		return 0;
	}
	gadget_fill_endpoints(&r.ends, skc);
	r.netns = gadget_sock_netns(skc);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

SEC("iter/udp")
int dump_udp(struct bpf_iter__udp *ctx)
{
	struct udp_sock *udp = ctx->udp_sk;
	if (!udp)
		return 0;
	const struct sock *sk = &udp->inet.sk;
	struct socket_record r = {};
	if (!fill_owner(&r, sk))
		return 0;
	r.protocol = BPF_CORE_READ(sk, sk_protocol);
	r.state = BPF_CORE_READ(sk, __sk_common.skc_state);
	gadget_fill_endpoints(&r.ends, &sk->__sk_common);
	r.netns = gadget_sock_netns(&sk->__sk_common);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

SEC("iter/unix")
int dump_unix(struct bpf_iter__unix *ctx)
{
	struct unix_sock *unix = ctx->unix_sk;
	if (!unix)
		return 0;
	const struct sock *sk = &unix->sk;
	struct socket_record r = {};
	if (!fill_owner(&r, sk))
		return 0;
	r.state = BPF_CORE_READ(sk, __sk_common.skc_state);
	r.ends.family = AF_UNIX;
	r.netns = gadget_sock_netns(&sk->__sk_common);
	struct unix_address *addr = BPF_CORE_READ(unix, addr);
	if (addr) {
		/* the name: len bytes of struct sockaddr_un, a NUL-ended path or an abstract name after a NUL */
		int len = BPF_CORE_READ(addr, len) - (int)sizeof(__kernel_sa_family_t);
		if (len > 0) {
			bpf_probe_read_kernel(r.path, sizeof(r.path), (const void *)addr->name[0].sun_path);
			if (r.path[0] == 0) {
				/* abstract: len bytes after the NUL, not NUL-ended; what follows them is not the name */
				r.path[0] = '@';
				for (int i = 1; i < SNAPSHOT_SOCKET_PATH_LEN; i++)
					if (i >= len)
						r.path[i] = 0;
			}
		}
	}
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
