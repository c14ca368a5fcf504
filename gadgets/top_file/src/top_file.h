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

struct file_stat {
	__u64 reads;
	__u64 writes;
	__u64 rbytes;
	__u64 wbytes;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 _pad;
	__u64 mntns_id;
	char type[2];    /* "R" regular, "S" socket, "O" other */
	char comm[16];
	char file[TOP_FILE_NAME_LEN];
};

#endif
