// top_tcp: bytes each process sends and receives on each TCP connection,
// summed in the kernel and read by user space every interval.
//
// sock_send_length and sock_recv_length fire as sendmsg and recvmsg (and
// write, read, sendfile, splice...) return on a socket, in the calling task:
// the process is the current one.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/process.h>
#include <gadgetry/sock.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/interval_map.h>
#include "top_tcp.h"

#define MSG_PEEK 2

GADGET_EVENT_TYPE(conn_stat);

/* Swapped each interval: user space reads a table only once no program writes to it. */
GADGET_INTERVAL_MAP(stats, struct conn_key, struct conn_stat, 10240);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct conn_stat);
} scratch SEC(".maps");

static __always_inline int count(struct sock *sk, int bytes, bool sent)
{
	if (bytes <= 0 || !sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (gadget_is_self(pid) || gadget_should_discard_common())
		return 0;
	__u32 zero = 0;
	struct conn_stat *fresh = bpf_map_lookup_elem(&scratch, &zero);
	if (!fresh)
		return 0;
	if (!gadget_fill_endpoints(&fresh->ends, &sk->__sk_common))
		return 0;
	struct conn_key key = { .pid = pid, .family = fresh->ends.family, .sport = fresh->ends.sport, .dport = fresh->ends.dport };
	__builtin_memcpy(key.saddr, fresh->ends.saddr, 16);
	__builtin_memcpy(key.daddr, fresh->ends.daddr, 16);
	void *table = gadget_interval_table(&stats);
	if (!table)
		return 0;
	struct conn_stat *st = bpf_map_lookup_elem(table, &key);
	if (!st) {
		__u64 mntns = gadget_current_mntns_id();
		if (gadget_should_discard_mntns_id(mntns))
			return 0;
		gadget_fill_process(&fresh->proc);
		fresh->netns = gadget_sock_netns(&sk->__sk_common);
		fresh->_pad = 0;
		fresh->sent = 0;
		fresh->received = 0;
		bpf_map_update_elem(table, &key, fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(table, &key);
		if (!st)
			return 0;
	}
	if (sent)
		__sync_fetch_and_add(&st->sent, bytes);
	else
		__sync_fetch_and_add(&st->received, bytes);
	return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(on_send, struct sock *sk, int ret, int flags)
{
	return count(sk, ret, true);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(on_recv, struct sock *sk, int ret, int flags)
{
	/* a peek reads what a later receive reads again */
	if (flags & MSG_PEEK)
		return 0;
	return count(sk, ret, false);
}

char LICENSE[] SEC("license") = "GPL";
