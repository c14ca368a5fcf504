/* Per-process, per-disk block I/O counters that top_blockio reads every interval. */
#ifndef TOP_BLOCKIO_H
#define TOP_BLOCKIO_H

#define TOP_BLOCKIO_DISK_LEN 32

struct blockio_key {
	__u32 pid;
	__u32 dev; /* major << 20 | minor, as the kernel's dev_t */
};

/* One row of the table. src/event.generated.ts is generated from this
 * struct's BTF at build time (members in column order); src/index.ts lays the
 * presentation over it. */
struct blockio_stat {
	gadget_pid pid;
	gadget_uid uid;
	gadget_mntns_id mntns_id;
	gadget_comm comm;
	char disk[TOP_BLOCKIO_DISK_LEN];
	__u32 major;
	__u32 minor;
	__u64 reads;
	__u64 writes;
	__u64 rbytes;
	__u64 wbytes;
	__u64 latency_ns; /* summed over the requests: the average is computed in user space */
};

#endif
