/* The filters of a run (the runtime's own process, containers, --pid, --tid,
 * --uid, --gid, --comm) applied to a process known from elsewhere than the
 * current task: the owner of a socket, whose events happen in softirq
 * context while some unrelated task is current. */
#ifndef GADGETRY_PROCESS_FILTER_H
#define GADGETRY_PROCESS_FILTER_H

#include "process.h"
#include "self_filter.h"
#include "mntns_filter.h"
#include "common_filter.h"

/* True when a filter is on: a process that is not known cannot be shown to pass it. */
static __always_inline bool gadget_any_process_filter(void)
{
	return gadget_filter_by_mntns || gadget_filter_by_pid || gadget_filter_by_tid || gadget_filter_by_uid ||
	       gadget_filter_by_gid || gadget_filter_by_comm;
}

/* True when the event of process `p` must be dropped; with no process known
 * (NULL), dropped only when a filter asks for particular processes. */
static __always_inline bool gadget_should_discard_process(const struct gadget_process *p)
{
	if (!p)
		return gadget_any_process_filter();
	if (gadget_is_self(p->pid))
		return true;
	if (gadget_should_discard_mntns_id(p->mntns_id))
		return true;
	if (gadget_filter_by_pid && gadget_filter_misses_id(GADGET_FILTER_PID, p->pid))
		return true;
	if (gadget_filter_by_tid && gadget_filter_misses_id(GADGET_FILTER_TID, p->tid))
		return true;
	if (gadget_filter_by_uid && gadget_filter_misses_id(GADGET_FILTER_UID, p->uid))
		return true;
	if (gadget_filter_by_gid && gadget_filter_misses_id(GADGET_FILTER_GID, p->gid))
		return true;
	if (gadget_filter_by_comm) {
		struct gadget_filter_key key = {};
		key.kind = GADGET_FILTER_COMM;
		__builtin_memcpy(key.comm, p->comm, sizeof(key.comm));
		if (!bpf_map_lookup_elem(&gadget_common_filter, &key))
			return true;
	}
	return false;
}

#endif /* GADGETRY_PROCESS_FILTER_H */
