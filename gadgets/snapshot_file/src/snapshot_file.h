/* One record per open file descriptor, written by the iterator. The build
 * generates its TypeBox schema (src/event.generated.ts) from this struct's
 * BTF; src/index.ts only adds what C cannot say. */
#ifndef SNAPSHOT_FILE_H
#define SNAPSHOT_FILE_H

#define SNAPSHOT_FILE_PATH_MAX 256

struct file_record {
	struct gadget_process proc; /* the process holding the fd */
	__u64 ino;                  /* inode number */
	__s64 pos;                  /* file position */
	__u32 fd;
	__u32 mode;                 /* the inode's mode: type and permissions (no type: an anon inode) */
	__u32 flags;                /* open(2) flags of the open file (O_CLOEXEC is the fd's, not kept here) */
	__u32 _pad;
	char path[SNAPSHOT_FILE_PATH_MAX]; /* as /proc/PID/fd shows it: /etc/passwd, socket:[1234], anon_inode:[eventfd] */
};

#endif
