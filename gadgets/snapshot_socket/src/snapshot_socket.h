/* One record per socket, written by the iterators. */
#ifndef SNAPSHOT_SOCKET_H
#define SNAPSHOT_SOCKET_H

#define SNAPSHOT_SOCKET_PATH_LEN 108

/* src/event.generated.ts is generated from this struct's BTF at build time;
 * src/index.ts lays the presentation over it. */
struct socket_record {
	struct gadget_process proc;   /* the owner; zero when not known (time-wait, half-open, a kernel socket) */
	__u16 protocol;               /* IPPROTO_TCP, IPPROTO_UDP; 0 for unix sockets */
	__u16 state;                  /* TCP state; UDP: 7 CLOSE unconnected, 1 ESTABLISHED connected; unix: 10 LISTEN, 1 ESTABLISHED, 7 CLOSE */
	struct gadget_endpoints ends; /* saddr/sport local, daddr/dport remote; family AF_INET, AF_INET6 or AF_UNIX */
	__u32 netns;                  /* network namespace inode */
	__u64 inode;                  /* the socket's inode (ss -e, /proc/net/tcp) */
	__u16 type;                   /* SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5 */
	__u16 _pad[3];
	char path[SNAPSHOT_SOCKET_PATH_LEN]; /* unix: the bound path, @name for an abstract one */
};

#endif
