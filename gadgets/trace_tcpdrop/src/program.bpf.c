// trace_tcpdrop: TCP packets the kernel drops (with the reason it gives),
// and the resets it sends.
//
// Drops happen on the way in (softirq) and out: the packet's addresses come
// from its own headers, its socket (when the kernel names one) gives the
// state and, through the table of <gadgetry/socket_owner.h>, the owner that
// the run's filters apply to.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/socket_owner.h>
#include "trace_tcpdrop.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

GADGET_SOCKET_OWNER_TRACKING()

static const char TYPE_DROP[TRACE_TCPDROP_TYPE_LEN] = "DROP";
static const char TYPE_RESET[TRACE_TCPDROP_TYPE_LEN] = "RESET";

/* What a TCP/IP packet says about itself. */
struct packet {
	struct gadget_endpoints ends; /* source, destination */
	__u8 flags;
};

/* Reads the IP and TCP headers of `skb`; false when it is not TCP over IPv4 or IPv6 (or has no IP header yet). */
static __always_inline bool read_packet(const struct sk_buff *skb, struct packet *p)
{
	__u16 proto = bpf_ntohs(BPF_CORE_READ(skb, protocol));
	if (proto != ETH_P_IP && proto != ETH_P_IPV6)
		return false;
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 nh = BPF_CORE_READ(skb, network_header);
	if (nh == (__u16)~0U)
		return false;
	__u8 first = 0;
	if (bpf_probe_read_kernel(&first, 1, head + nh))
		return false;
	__u32 th;
	if (proto == ETH_P_IP && first >> 4 == 4) {
		struct iphdr ip;
		if (bpf_probe_read_kernel(&ip, sizeof(ip), head + nh) || ip.protocol != IPPROTO_TCP || ip.ihl < 5)
			return false;
		gadget_ipv4_mapped(p->ends.saddr, ip.saddr);
		gadget_ipv4_mapped(p->ends.daddr, ip.daddr);
		p->ends.family = AF_INET;
		th = nh + ip.ihl * 4;
	} else if (proto == ETH_P_IPV6 && first >> 4 == 6) {
		struct ipv6hdr ip6;
		/* a TCP header right after the fixed header; extension headers are not followed */
		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + nh) || ip6.nexthdr != IPPROTO_TCP)
			return false;
		__builtin_memcpy(p->ends.saddr, ip6.saddr.in6_u.u6_addr8, 16);
		__builtin_memcpy(p->ends.daddr, ip6.daddr.in6_u.u6_addr8, 16);
		p->ends.family = AF_INET6;
		th = nh + sizeof(ip6);
	} else {
		return false;
	}
	struct tcphdr tcp;
	if (bpf_probe_read_kernel(&tcp, sizeof(tcp), head + th))
		return false;
	p->ends.sport = bpf_ntohs(tcp.source);
	p->ends.dport = bpf_ntohs(tcp.dest);
	p->ends._pad = 0;
	p->flags = ((__u8 *)&tcp)[13];
	return true;
}

/* The owner of a socket the kernel named for a packet: only a full socket has one. */
static __always_inline struct gadget_process *owner_of(const struct sock *sk, __u32 state)
{
	if (!sk || state == TCP_TIME_WAIT || state == TCP_NEW_SYN_RECV)
		return NULL;
	return gadget_socket_owner_of(sk);
}

static __always_inline struct event *reserve(const struct sock *sk, const char (*type)[TRACE_TCPDROP_TYPE_LEN])
{
	__u32 state = sk ? BPF_CORE_READ(sk, __sk_common.skc_state) : 0;
	struct gadget_process *owner = owner_of(sk, state);
	if (gadget_should_discard_process(owner))
		return NULL;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return NULL;
	if (owner)
		e->proc = *owner;
	else
		__builtin_memset(&e->proc, 0, sizeof(e->proc));
	__builtin_memcpy(e->type, *type, TRACE_TCPDROP_TYPE_LEN);
	e->state = state;
	e->reason = 0;
	e->tcpflags = 0;
	e->netns = 0;
	e->_pad[0] = e->_pad[1] = e->_pad[2] = 0;
	if (sk)
		e->netns = gadget_sock_netns(&sk->__sk_common);
	e->timestamp = bpf_ktime_get_boot_ns();
	return e;
}

/* The network namespace of the device a packet came in or goes out by, for a packet without a socket. */
static __always_inline __u32 skb_netns(const struct sk_buff *skb)
{
	struct net_device *dev = BPF_CORE_READ(skb, dev);
	return dev ? BPF_CORE_READ(dev, nd_net.net, ns.inum) : 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(on_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	/* freed after use, not dropped */
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_NOT_DROPPED_YET) &&
	    reason == bpf_core_enum_value(enum skb_drop_reason, SKB_NOT_DROPPED_YET))
		return 0;
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED) &&
	    reason == bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED))
		return 0;
	struct packet p = {};
	if (!read_packet(skb, &p))
		return 0;
	struct sock *sk = BPF_CORE_READ(skb, sk);
	/* the socket the kernel found for an arriving packet (Linux 6.12) */
	if (!sk && bpf_core_field_exists(struct trace_event_raw_kfree_skb, rx_sk))
		sk = (struct sock *)ctx[3];
	struct event *e = reserve(sk, &TYPE_DROP);
	if (!e)
		return 0;
	e->ends = p.ends;
	e->reason = reason;
	e->tcpflags = p.flags;
	if (!e->netns)
		e->netns = skb_netns(skb);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(on_send_reset, const struct sock *sk, const struct sk_buff *skb)
{
	struct packet p = {};
	bool answered = skb && read_packet(skb, &p);
	if (!sk && !answered)
		return 0;
	struct event *e = reserve(sk, &TYPE_RESET);
	if (!e)
		return 0;
	if (sk && BPF_CORE_READ(sk, __sk_common.skc_state) != TCP_TIME_WAIT && BPF_CORE_READ(sk, __sk_common.skc_state) != TCP_NEW_SYN_RECV) {
		gadget_fill_sock_endpoints(&e->ends, sk);
	} else if (sk) {
		gadget_fill_endpoints(&e->ends, &sk->__sk_common);
	} else {
		/* the answer to packet p: from its destination back to its source */
		__builtin_memcpy(e->ends.saddr, p.ends.daddr, 16);
		__builtin_memcpy(e->ends.daddr, p.ends.saddr, 16);
		e->ends.sport = p.ends.dport;
		e->ends.dport = p.ends.sport;
		e->ends.family = p.ends.family;
		e->ends._pad = 0;
		e->netns = skb_netns(skb);
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
