/* Leaving out the runtime's own process: the gadget shapes (@gadgetry/shapes)
 * set gadget_self_tgid to its thread group id before load (unless asked to
 * trace itself), so its own work (enrichers reading /proc, its opens and
 * reads) never becomes events. */
#ifndef GADGETRY_SELF_FILTER_H
#define GADGETRY_SELF_FILTER_H

#include "common.h"

const volatile __u32 gadget_self_tgid = 0;

/* True when `tgid` is the runtime's own process and must be left out. */
static __always_inline bool gadget_is_self(__u32 tgid)
{
	return gadget_self_tgid && tgid == gadget_self_tgid;
}

/* True when the current task belongs to the runtime's own process. */
static __always_inline bool gadget_should_discard_self(void)
{
	return gadget_is_self(bpf_get_current_pid_tgid() >> 32);
}

#endif /* GADGETRY_SELF_FILTER_H */
