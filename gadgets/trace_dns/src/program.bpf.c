// trace_dns: a socket filter for the packet sockets trace_dns opens in each
// network namespace. It keeps the UDP datagrams to or from a DNS port (53,
// or --ports) and lets nothing else reach user space, where the messages are
// parsed and queries paired with their responses. For each query this host
// sends, the sending task is remembered under its local port
// (<gadgetry/packet.h>): the owner of the query and of its response.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <gadgetry/packet.h>

#define DNS_HEADER 12

/* --ports: one global each (0: unused), as the loader sets scalars */
const volatile __u16 dns_port_0 = 53;
const volatile __u16 dns_port_1 = 0;
const volatile __u16 dns_port_2 = 0;
const volatile __u16 dns_port_3 = 0;
const volatile __u16 dns_port_4 = 0;
const volatile __u16 dns_port_5 = 0;
const volatile __u16 dns_port_6 = 0;
const volatile __u16 dns_port_7 = 0;

static __always_inline bool dns_port(__u16 port)
{
	return port && (port == dns_port_0 || port == dns_port_1 || port == dns_port_2 || port == dns_port_3 ||
			port == dns_port_4 || port == dns_port_5 || port == dns_port_6 || port == dns_port_7);
}

SEC("socket")
int dns_filter(struct __sk_buff *skb)
{
	struct gadget_packet_l4 l4 = {};
	if (!gadget_packet_parse(skb, &l4) || l4.proto != IPPROTO_UDP)
		return 0;
	if (gadget_packet_loopback_arrival(skb))
		return 0;
	bool query = dns_port(l4.dport);
	if (!query && !dns_port(l4.sport))
		return 0;
	if (skb->len < l4.payload + DNS_HEADER)
		return 0;
	if (query)
		gadget_packet_remember_sender(skb, IPPROTO_UDP, l4.sport);
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
