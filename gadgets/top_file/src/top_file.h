/* Per-file, per-thread I/O counters that top_file reads every interval. */
#ifndef TOP_FILE_H
#define TOP_FILE_H

#define TOP_FILE_NAME_LEN 256

struct file_key {
	__u32 pid;
	__u32 tid;
	__u64 dev;
	__u64 inode;
};

/* One row of the table. src/event.generated.ts is generated from this
 * struct's BTF at build time (members in column order); src/index.ts lays the
 * presentation over it. */
struct file_stat {
	gadget_pid pid;
	gadget_tid tid;
	gadget_uid uid;
	__u32 _pad;
	gadget_mntns_id mntns_id;
	gadget_comm comm;
	__u64 reads;
	__u64 writes;
	__u64 rbytes;
	__u64 wbytes;
	char type[2];    /* "R" regular, "S" socket, "O" other */
	char file[TOP_FILE_NAME_LEN];
};

#endif
