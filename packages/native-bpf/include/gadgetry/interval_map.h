/*
 * Counters that user space reads and clears every interval without losing
 * or double-counting an update (mapIntervalGadget in @gadgetry/shapes).
 *
 * GADGET_INTERVAL_MAP(name, key, value, entries) declares two hash tables,
 * name_0 and name_1, and `name`, a one-slot map of maps pointing at the one
 * programs count into now. Every interval user space puts the other table in
 * the slot; the kernel returns from that update only once no program still
 * runs with the old table, which user space then reads and empties at
 * leisure. Programs find the current table with gadget_interval_table():
 *
 *	GADGET_INTERVAL_MAP(stats, struct key, struct stat, 10240);
 *	...
 *	void *table = gadget_interval_table(&stats);
 *	if (!table)
 *		return 0;
 *	struct stat *st = bpf_map_lookup_elem(table, &key);
 */
#ifndef GADGETRY_INTERVAL_MAP_H
#define GADGETRY_INTERVAL_MAP_H

#include "common.h"

#define GADGET_INTERVAL_MAP(name, key_type, value_type, entries)            \
	struct name##__table {                                                \
		__uint(type, BPF_MAP_TYPE_HASH);                              \
		__uint(max_entries, entries);                                 \
		__type(key, key_type);                                        \
		__type(value, value_type);                                    \
	} name##_0 SEC(".maps"), name##_1 SEC(".maps");                      \
	struct {                                                              \
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);                     \
		__uint(max_entries, 1);                                       \
		__type(key, __u32);                                           \
		__array(values, struct name##__table);                        \
	} name SEC(".maps") = { .values = { &name##_0 } }

/* The table programs count into now; NULL only if user space emptied the slot. */
static __always_inline void *gadget_interval_table(void *outer)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(outer, &zero);
}

#endif
