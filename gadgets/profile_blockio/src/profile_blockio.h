/* The key of profile_blockio's histograms: the disk, with --per-disk (all
 * zero otherwise: one histogram). src/event.generated.ts is generated from
 * this struct's BTF at build time. */
#ifndef PROFILE_BLOCKIO_H
#define PROFILE_BLOCKIO_H

#define BLOCKIO_DISK_NAME_LEN 32

struct blockio_disk {
	__u32 major;
	__u32 minor;
	char name[BLOCKIO_DISK_NAME_LEN];
};

#endif
