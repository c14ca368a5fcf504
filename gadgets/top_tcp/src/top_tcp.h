/* Per-process, per-connection byte counters that top_tcp reads every interval. */
#ifndef TOP_TCP_H
#define TOP_TCP_H

struct conn_key {
	__u32 pid;
	__u16 family;
	__u16 sport;
	__u16 dport;
	__u16 _pad;
	__u8 saddr[16];
	__u8 daddr[16];
};

/* One row of the table. src/event.generated.ts is generated from this
 * struct's BTF at build time (members in column order); src/index.ts lays
 * the presentation over it. */
struct conn_stat {
	struct gadget_process proc;   /* the process sending and receiving (its first thread seen) */
	struct gadget_endpoints ends; /* saddr/sport local, daddr/dport remote */
	__u32 netns;                  /* network namespace inode */
	__u32 _pad;
	__u64 sent;                   /* bytes sent in the interval */
	__u64 received;               /* bytes received in the interval */
};

#endif
