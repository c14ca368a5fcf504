/* The event trace_mount sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. Which argument of each call lands where is listed
 * in README.md. */
#ifndef TRACE_MOUNT_H
#define TRACE_MOUNT_H

#define TRACE_MOUNT_PATH_MAX 256
#define TRACE_MOUNT_FSTYPE_MAX 64
#define TRACE_MOUNT_KEY_MAX 64 /* of fsconfig's key, at the front of data */

struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at entry */
	__s32 syscall;              /* syscall number */
	__s32 fd;                   /* the fd the call works on (fsconfig, fsmount, move_mount's from, open_tree's and mount_setattr's dir); -1: none */
	char source[TRACE_MOUNT_PATH_MAX];
	char target[TRACE_MOUNT_PATH_MAX];
	char fstype[TRACE_MOUNT_FSTYPE_MAX];
	__u64 flags;                /* mount(2)'s MS_* flags; 0 for the other calls */
	char data[TRACE_MOUNT_PATH_MAX]; /* mount(2)'s options; fsconfig's key, or key=value */
	__u32 err;                  /* errno of a failed call, 0 on success */
	__u32 _pad;
	__u64 call_flags;           /* the other calls' own flags; fsconfig's command */
	__s64 ret;                  /* what the call returned: an fd for fsopen, fsmount, open_tree */
};

#endif
