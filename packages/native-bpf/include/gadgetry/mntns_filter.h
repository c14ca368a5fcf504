/* In-kernel container filtering: the gadget shapes (@gadgetry/shapes) fill
 * gadget_mntns_filter with the mount namespaces to keep and set
 * gadget_filter_by_mntns before load. */
#ifndef GADGETRY_MNTNS_FILTER_H
#define GADGETRY_MNTNS_FILTER_H

#include "common.h"

const volatile bool gadget_filter_by_mntns = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u8);
} gadget_mntns_filter SEC(".maps");

/* True when the event of this mount namespace must be dropped. */
static __always_inline bool gadget_should_discard_mntns_id(__u64 mntns_id)
{
	return gadget_filter_by_mntns && !bpf_map_lookup_elem(&gadget_mntns_filter, &mntns_id);
}

#endif /* GADGETRY_MNTNS_FILTER_H */
