/*
 * Log2 histograms filled in the kernel and read by user space at the end of a
 * run, or every interval (histogramGadget in @gadgetry/shapes), without losing
 * or double-counting a value.
 *
 * GADGET_HISTOGRAM(name, key_type, entries) declares one histogram per key
 * (a disk, a process; a __u32 0 for a single one) on the swapped tables of
 * <gadgetry/interval_map.h>. gadget_histogram_add() puts a value, already in
 * the unit user space shows ("usecs"), in its log2 slot:
 *
 *	GADGET_HISTOGRAM(latency, struct disk_key, 256);
 *	...
 *	gadget_histogram_add(&latency, &key, delta_ns / 1000);
 *
 * Slot 0 counts 0 and 1, slot i (i >= 1) counts 2^i to 2^(i+1)-1; values
 * past the last slot are counted in it. A key that does not fit any more
 * (the table has `entries` keys already) is counted in gadget_histogram_missed,
 * which user space reports.
 */
#ifndef GADGETRY_HISTOGRAM_H
#define GADGETRY_HISTOGRAM_H

#include "common.h"
#include "interval_map.h"

#define GADGET_HISTOGRAM_SLOTS 48

struct gadget_histogram {
	__u64 slots[GADGET_HISTOGRAM_SLOTS];
};

/* Never written: the empty histogram a new key starts from (too big for the stack of some programs). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gadget_histogram);
} gadget_histogram_empty SEC(".maps");

/* Values not counted because their key found no room, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} gadget_histogram_missed SEC(".maps");

#define GADGET_HISTOGRAM(name, key_type, entries) GADGET_INTERVAL_MAP(name, key_type, struct gadget_histogram, entries)

/* floor(log2(v)), 0 for 0 and 1, capped at the last slot: the slot of v. */
static __always_inline __u32 gadget_log2_slot(__u64 v)
{
	__u32 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5;
	v >>= shift;
	r = shift;
	shift = (v > 0xffff) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xff) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xf) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (__u32)(v >> 1);
	return r < GADGET_HISTOGRAM_SLOTS ? r : GADGET_HISTOGRAM_SLOTS - 1;
}

static __always_inline void gadget_histogram_count_missed(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&gadget_histogram_missed, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Counts `value` in the histogram of `key` in histogram map `outer` (declared with GADGET_HISTOGRAM). */
static __always_inline void gadget_histogram_add(void *outer, const void *key, __u64 value)
{
	void *table = gadget_interval_table(outer);
	if (!table)
		return;
	struct gadget_histogram *h = bpf_map_lookup_elem(table, key);
	if (!h) {
		__u32 zero = 0;
		struct gadget_histogram *empty = bpf_map_lookup_elem(&gadget_histogram_empty, &zero);
		if (!empty)
			return;
		/* another CPU may add the key meanwhile: BPF_NOEXIST keeps its counts */
		bpf_map_update_elem(table, key, empty, BPF_NOEXIST);
		h = bpf_map_lookup_elem(table, key);
		if (!h) {
			gadget_histogram_count_missed();
			return;
		}
	}
	__u32 slot = gadget_log2_slot(value);
	__sync_fetch_and_add(&h->slots[slot], 1);
}

#endif /* GADGETRY_HISTOGRAM_H */
