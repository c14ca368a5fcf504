// trace_oomkill: the processes the OOM killer picks, as it marks them
// (mark_victim), with their memory and container, and the process whose
// allocation set it off. The BTF tracepoint hands over the victim's task;
// where it cannot (no tp_btf, or a kernel before 6.8 whose mark_victim
// passes only a pid), the plain tracepoint's record stands in for it.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/common_filter.h>
#include "trace_oomkill.h"

/* log2 of the page size, set by user space: mm counters are in pages. */
const volatile __u32 page_shift = 12;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 256 * 1024);

static __always_inline void fill_trigger(struct event *e)
{
	e->trigger_pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->trigger_comm, sizeof(e->trigger_comm));
	e->timestamp = bpf_ktime_get_boot_ns();
}

static __always_inline __u64 rss_pages(struct mm_struct *mm, int counter)
{
	/* what get_mm_counter() reads: the shared count, never below 0 */
	s64 n = BPF_CORE_READ(mm, rss_stat[counter].count);
	return n > 0 ? n : 0;
}

SEC("tp_btf/mark_victim")
int BPF_PROG(on_mark_victim, struct task_struct *task, uid_t uid)
{
	if (gadget_should_discard_task(task))
		return 0; /* --pid, --uid, --comm...: of the victim */
	__u64 mntns = gadget_task_mntns_id(task);
	if (gadget_should_discard_mntns_id(mntns))
		return 0;
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	__builtin_memset(e, 0, sizeof(*e));
	gadget_fill_task_process(&e->proc, task);
	e->proc.uid = uid;
	fill_trigger(e);
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	if (mm) {
		e->total_vm = BPF_CORE_READ(mm, total_vm) << page_shift;
		e->anon_rss = rss_pages(mm, MM_ANONPAGES) << page_shift;
		e->file_rss = rss_pages(mm, MM_FILEPAGES) << page_shift;
		e->shmem_rss = rss_pages(mm, MM_SHMEMPAGES) << page_shift;
		e->pgtables = BPF_CORE_READ(mm, pgtables_bytes.counter);
	}
	e->oom_score_adj = BPF_CORE_READ(task, signal, oom_score_adj);
	e->from_task = true;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* The record of kernels before 6.8 had the pid alone. */
struct trace_event_raw_mark_victim___old {
	struct trace_entry ent;
	int pid;
} __attribute__((preserve_access_index));

SEC("tracepoint/oom/mark_victim")
int on_mark_victim_tp(struct trace_event_raw_mark_victim *ctx)
{
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return 0;
	__builtin_memset(e, 0, sizeof(*e));
	/* the thread marked; its process and namespace are not in the record */
	e->proc.pid = e->proc.tid = BPF_CORE_READ((struct trace_event_raw_mark_victim___old *)ctx, pid);
	if (bpf_core_field_exists(ctx->total_vm)) {
		__u32 loc = BPF_CORE_READ(ctx, __data_loc_comm);
		bpf_probe_read_kernel_str(e->proc.comm, sizeof(e->proc.comm), (void *)ctx + (loc & 0xffff));
		e->proc.uid = BPF_CORE_READ(ctx, uid);
		/* the record counts kB */
		e->total_vm = BPF_CORE_READ(ctx, total_vm) << 10;
		e->anon_rss = BPF_CORE_READ(ctx, anon_rss) << 10;
		e->file_rss = BPF_CORE_READ(ctx, file_rss) << 10;
		e->shmem_rss = BPF_CORE_READ(ctx, shmem_rss) << 10;
		e->pgtables = BPF_CORE_READ(ctx, pgtables) << 10;
		e->oom_score_adj = BPF_CORE_READ(ctx, oom_score_adj);
	}
	/* the filters, with what the record tells: a container filter cannot place it */
	if ((gadget_filter_by_pid && gadget_filter_misses_id(GADGET_FILTER_PID, e->proc.pid)) ||
	    (gadget_filter_by_tid && gadget_filter_misses_id(GADGET_FILTER_TID, e->proc.tid)) ||
	    (gadget_filter_by_uid && gadget_filter_misses_id(GADGET_FILTER_UID, e->proc.uid)) ||
	    gadget_filter_by_gid || gadget_should_discard_mntns_id(0)) {
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	if (gadget_filter_by_comm) {
		struct gadget_filter_key key = { .kind = GADGET_FILTER_COMM };
		__builtin_memcpy(key.comm, e->proc.comm, sizeof(key.comm));
		if (!bpf_map_lookup_elem(&gadget_common_filter, &key)) {
			bpf_ringbuf_discard(e, 0);
			return 0;
		}
	}
	fill_trigger(e);
	e->from_task = false;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
