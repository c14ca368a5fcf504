// profile_runqlat: run-queue latency, the time a task that can run waits for
// a CPU: from its wakeup (or its preemption, when it stays runnable) to the
// moment it is switched in, counted in log2 histograms in the kernel, like
// bcc's runqlat.
#include <gadgetry/histogram.h>
#include <bpf/bpf_tracing.h>
#include "profile_runqlat.h"

#define TASK_RUNNING 0

const volatile bool per_process = false;
const volatile bool milliseconds = false;

GADGET_EVENT_TYPE(runqlat_process);

/* When each runnable thread entered the run queue, by thread id. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} enqueued_at SEC(".maps");

GADGET_HISTOGRAM(latency, struct runqlat_process, 10240);

/* The task's state now: `__state` since Linux 5.14, `state` before. */
struct task_struct___pre_5_14 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline unsigned int task_state(struct task_struct *p)
{
	if (bpf_core_field_exists(p->__state))
		return BPF_CORE_READ(p, __state);
	return BPF_CORE_READ((struct task_struct___pre_5_14 *)p, state);
}

static __always_inline int enqueued(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	if (!tid)
		return 0; /* the idle task */
	__u64 ts = bpf_ktime_get_ns();
	gadget_pending_store(&enqueued_at, &tid, &ts);
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_wakeup, struct task_struct *p)
{
	return enqueued(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_wakeup_new, struct task_struct *p)
{
	return enqueued(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next, unsigned int prev_state)
{
	/* Still runnable: preempted (even halfway into a sleep), or its sleep undone by a pending
	 * signal, which sets the state back to running after prev_state was read: it waits in the
	 * run queue from now. */
	if (preempt || prev_state == TASK_RUNNING || task_state(prev) == TASK_RUNNING)
		enqueued(prev);

	__u32 tid = BPF_CORE_READ(next, pid);
	__u64 *ts = bpf_map_lookup_elem(&enqueued_at, &tid);
	if (!ts)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&enqueued_at, &tid);

	struct runqlat_process key = {};
	if (per_process) {
		key.pid = BPF_CORE_READ(next, tgid);
		BPF_CORE_READ_STR_INTO(&key.comm, next, comm);
	}
	gadget_histogram_add(&latency, &key, milliseconds ? delta / 1000000 : delta / 1000);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
