/* For socket filters on cooked packet sockets (PacketSocket of
 * @gadgetry/native-bpf), whose packets start at their IP header: where the
 * transport header and its payload are, and who sent a packet this host sends.
 *
 * A packet socket is handed a copy of each packet that has no socket
 * attached (skb->sk is NULL), so a packet's owner is the task that sends it:
 * gadget_packet_remember_sender() records the current task under the local
 * port and the sender's network namespace in gadget_packet_owners, where user
 * space looks it up (PacketCapture.ownerOf in @gadgetry/shapes). Only packets
 * leaving the host are sent in their task's context; for those arriving,
 * the current task is whoever the kernel interrupted. */
#ifndef GADGETRY_PACKET_H
#define GADGETRY_PACKET_H

#include <bpf/bpf_endian.h>
#include "process.h"

#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#ifndef IPPROTO_UDP
#define IPPROTO_UDP 17
#endif
#define GADGET_PACKET_OUTGOING 4 /* PACKET_OUTGOING */
#define GADGET_PACKET_HOST 0     /* PACKET_HOST */
#define GADGET_LOOPBACK_IFINDEX 1
#define GADGET_PF_KTHREAD 0x00200000

/* The transport layer of a packet: protocol, ports (host order) and where its payload starts. */
struct gadget_packet_l4 {
	__u8 proto;
	__u8 version; /* 4 or 6 */
	__u16 sport;
	__u16 dport;
	__u16 _pad;
	__u32 payload; /* offset of the transport payload */
};

/* Fills `l4` for an unfragmented IPv4 or IPv6 (no extension headers) UDP or TCP packet; false for any other. */
static __always_inline bool gadget_packet_parse(struct __sk_buff *skb, struct gadget_packet_l4 *l4)
{
	__u8 vhl = 0;
	__u32 off;
	if (bpf_skb_load_bytes(skb, 0, &vhl, 1) < 0)
		return false;
	l4->version = vhl >> 4;
	if (l4->version == 4) {
		__u16 frag = 0;
		if (bpf_skb_load_bytes(skb, 9, &l4->proto, 1) < 0 || bpf_skb_load_bytes(skb, 6, &frag, 2) < 0)
			return false;
		if (bpf_ntohs(frag) & 0x1fff) /* a later fragment: no transport header */
			return false;
		off = (vhl & 0xf) * 4;
		if (off < 20)
			return false;
	} else if (l4->version == 6) {
		if (bpf_skb_load_bytes(skb, 6, &l4->proto, 1) < 0)
			return false;
		off = 40;
	} else {
		return false;
	}
	__u16 ports[2] = {};
	if ((l4->proto != IPPROTO_UDP && l4->proto != IPPROTO_TCP) || bpf_skb_load_bytes(skb, off, ports, 4) < 0)
		return false;
	l4->sport = bpf_ntohs(ports[0]);
	l4->dport = bpf_ntohs(ports[1]);
	if (l4->proto == IPPROTO_UDP) {
		l4->payload = off + 8;
	} else {
		__u8 doff = 0;
		if (bpf_skb_load_bytes(skb, off + 12, &doff, 1) < 0 || (doff >> 4) < 5)
			return false;
		l4->payload = off + (doff >> 4) * 4;
	}
	return true;
}

/* A packet loopback hands the packet socket twice, leaving and arriving: the arriving copy is the same packet. */
static __always_inline bool gadget_packet_loopback_arrival(struct __sk_buff *skb)
{
	return skb->ifindex == GADGET_LOOPBACK_IFINDEX && skb->pkt_type != GADGET_PACKET_OUTGOING;
}

/* Whose packets these are: a transport protocol and local port in a network namespace. */
struct gadget_packet_owner_key {
	__u32 netns;
	__u16 port;
	__u8 proto;
	__u8 _pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, struct gadget_packet_owner_key);
	__type(value, struct gadget_process);
} gadget_packet_owners SEC(".maps");

/* For a packet this host sends from local port `port`: the sending task owns that port. */
static __always_inline void gadget_packet_remember_sender(struct __sk_buff *skb, __u8 proto, __u16 port)
{
	if (skb->pkt_type != GADGET_PACKET_OUTGOING)
		return;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	/* sent by the kernel itself (a retransmission from a timer, ksoftirqd): no owner */
	if (BPF_CORE_READ(task, flags) & GADGET_PF_KTHREAD)
		return;
	struct gadget_packet_owner_key key = { .netns = BPF_CORE_READ(task, nsproxy, net_ns, ns.inum), .port = port, .proto = proto };
	struct gadget_process owner = {};
	/* socket filters may not call the current-task helpers; reading the task itself they may */
	gadget_fill_task_process(&owner, task);
	bpf_map_update_elem(&gadget_packet_owners, &key, &owner, BPF_ANY);
}

#endif /* GADGETRY_PACKET_H */
