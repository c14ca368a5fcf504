// trace_sni: a socket filter for the packet sockets trace_sni opens in each
// network namespace. It keeps the TCP segments whose payload starts a TLS
// handshake record holding a ClientHello, and lets nothing else reach user
// space, where the server name is read from it. The task that sends a
// ClientHello from this host is remembered under its local port
// (<gadgetry/packet.h>): the process that opened the connection.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <gadgetry/packet.h>

#define TLS_HANDSHAKE 0x16
#define TLS_CLIENT_HELLO 0x01

SEC("socket")
int sni_filter(struct __sk_buff *skb)
{
	struct gadget_packet_l4 l4 = {};
	if (!gadget_packet_parse(skb, &l4) || l4.proto != IPPROTO_TCP)
		return 0;
	if (gadget_packet_loopback_arrival(skb))
		return 0;
	__u8 head[6] = {};
	if (bpf_skb_load_bytes(skb, l4.payload, head, sizeof(head)) < 0)
		return 0;
	/* record type, major version 3 (SSL 3.0 to TLS 1.3), handshake type */
	if (head[0] != TLS_HANDSHAKE || head[1] != 3 || head[5] != TLS_CLIENT_HELLO)
		return 0;
	gadget_packet_remember_sender(skb, IPPROTO_TCP, l4.sport);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
