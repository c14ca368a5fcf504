/* The addresses and ports of a socket, as events carry them: addresses in
 * 16 bytes (IPv6, or IPv4 as IPv4-mapped ::ffff:a.b.c.d), ports in host
 * byte order, the address family as the kernel numbers it. Fields of kind
 * ip, port and address_family in the event overlay. */
#ifndef GADGETRY_SOCK_H
#define GADGETRY_SOCK_H

#include <bpf/bpf_endian.h>
#include "common.h"

#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef AF_INET6
#define AF_INET6 10
#endif
#ifndef AF_UNIX
#define AF_UNIX 1
#endif
#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#ifndef IPPROTO_UDP
#define IPPROTO_UDP 17
#endif

/* Embedded in an event: its members become the fields saddr, daddr, sport,
 * dport and family, in the order columns show them. For a socket, s is the
 * local end and d the remote one. */
struct gadget_endpoints {
	__u8 saddr[16];
	__u16 sport;
	__u8 daddr[16];
	__u16 dport;
	__u16 family; /* AF_INET or AF_INET6 */
	__u16 _pad;
};

/* An IPv4 address (network order, as the kernel keeps it) as ::ffff:a.b.c.d. */
static __always_inline void gadget_ipv4_mapped(__u8 out[16], __u32 addr)
{
	__builtin_memset(out, 0, 10);
	out[10] = 0xff;
	out[11] = 0xff;
	__builtin_memcpy(out + 12, &addr, 4);
}

/* The ends of a socket (a full socket, a request or a time-wait socket: all
 * start with struct sock_common). False for families other than IPv4/IPv6. */
static __always_inline bool gadget_fill_endpoints(struct gadget_endpoints *e, const struct sock_common *skc)
{
	__u16 family = BPF_CORE_READ(skc, skc_family);
	e->family = family;
	e->_pad = 0;
	e->sport = BPF_CORE_READ(skc, skc_num);
	e->dport = bpf_ntohs(BPF_CORE_READ(skc, skc_dport));
	if (family == AF_INET) {
		gadget_ipv4_mapped(e->saddr, BPF_CORE_READ(skc, skc_rcv_saddr));
		gadget_ipv4_mapped(e->daddr, BPF_CORE_READ(skc, skc_daddr));
		return true;
	}
	if (family == AF_INET6) {
		BPF_CORE_READ_INTO(&e->saddr, skc, skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&e->daddr, skc, skc_v6_daddr.in6_u.u6_addr8);
		return true;
	}
	return false;
}

/* The ends of a full socket: as gadget_fill_endpoints, and once the kernel
 * took its local port back (a socket that closed, or failed to connect),
 * the port the socket kept for itself. */
static __always_inline bool gadget_fill_sock_endpoints(struct gadget_endpoints *e, const struct sock *sk)
{
	if (!gadget_fill_endpoints(e, &sk->__sk_common))
		return false;
	if (!e->sport)
		e->sport = bpf_ntohs(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	return true;
}

/* The network namespace a socket lives in (the inode number of /proc/PID/ns/net). */
static __always_inline __u32 gadget_sock_netns(const struct sock_common *skc)
{
	return BPF_CORE_READ(skc, skc_net.net, ns.inum);
}

#endif /* GADGETRY_SOCK_H */
