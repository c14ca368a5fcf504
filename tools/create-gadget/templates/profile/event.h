/* The key of the histograms: the process, with --per-process (all zero
 * otherwise: one histogram). The build generates its TypeBox schema
 * (src/event.generated.ts) from this struct's BTF. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct process_key {
	__u32 pid;
	char comm[16];
};

#endif
