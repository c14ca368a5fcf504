// trace_tcpretrans: TCP retransmissions of segments and of SYN-ACKs.
//
// Retransmissions run from timers and ACK processing, in softirq context:
// the owner of the socket comes from the table of <gadgetry/socket_owner.h>
// (a scan at start, then connect, listen and accept as they happen), and the
// run's filters (--pid, --comm, containers) apply to that owner.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/socket_owner.h>
#include "trace_tcpretrans.h"

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

GADGET_SOCKET_OWNER_TRACKING()

/* The start of the records of tcp/tcp_retransmit_skb and tcp/tcp_retransmit_synack
 * (the same since they arrived in 4.15 and 4.16), read with bpf_probe_read_kernel. */
struct retransmit_skb_record {
	__u64 common;
	const void *skbaddr;
	const void *skaddr;
	int state;
};

struct retransmit_synack_record {
	__u64 common;
	const void *skaddr;
	const void *req;
};

static const char RETRANS[TRACE_TCPRETRANS_TYPE_LEN] = "RETRANS";
static const char SYNACK[TRACE_TCPRETRANS_TYPE_LEN] = "SYNACK";

/* The connection `skc` (a full socket, or a request of listener `sk`), attributed to the owner of `sk`. */
static __always_inline int report(const struct sock *sk, const struct sock_common *skc, const char (*type)[TRACE_TCPRETRANS_TYPE_LEN])
{
	struct gadget_process *owner = gadget_socket_owner_of(sk);
	if (gadget_should_discard_process(owner))
		return 0;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	if (owner)
		e->proc = *owner;
	else
		__builtin_memset(&e->proc, 0, sizeof(e->proc));
	__builtin_memcpy(e->type, *type, TRACE_TCPRETRANS_TYPE_LEN);
	if ((const void *)skc == (const void *)sk)
		gadget_fill_sock_endpoints(&e->ends, sk);
	else
		gadget_fill_endpoints(&e->ends, skc);
	e->state = BPF_CORE_READ(skc, skc_state);
	e->netns = gadget_sock_netns(skc);
	e->timestamp = bpf_ktime_get_boot_ns();
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/tcp/tcp_retransmit_skb")
int on_retransmit(struct retransmit_skb_record *ctx)
{
	const struct sock *sk = NULL;
	bpf_probe_read_kernel(&sk, sizeof(sk), &ctx->skaddr);
	if (!sk)
		return 0;
	return report(sk, (const struct sock_common *)sk, &RETRANS);
}

SEC("tracepoint/tcp/tcp_retransmit_synack")
int on_retransmit_synack(struct retransmit_synack_record *ctx)
{
	const struct sock *sk = NULL;
	const struct sock_common *req = NULL;
	bpf_probe_read_kernel(&sk, sizeof(sk), &ctx->skaddr);
	bpf_probe_read_kernel(&req, sizeof(req), &ctx->req);
	if (!sk || !req)
		return 0;
	/* a request socket starts with its struct sock_common: the half-open connection's ends */
	return report(sk, req, &SYNACK);
}

char LICENSE[] SEC("license") = "GPL";
