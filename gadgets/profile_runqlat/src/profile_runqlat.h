/* The key of profile_runqlat's histograms: the process, with --per-process
 * (all zero otherwise: one histogram). src/event.generated.ts is generated
 * from this struct's BTF at build time. */
#ifndef PROFILE_RUNQLAT_H
#define PROFILE_RUNQLAT_H

struct runqlat_process {
	__u32 pid;
	char comm[16];
};

#endif
