// snapshot_process: every process (or thread) on the host, read once with a task iterator.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "snapshot_process.h"

const volatile bool show_threads = false;

GADGET_EVENT_TYPE(process_record);

SEC("iter/task")
int dump_processes(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	if (!task)
		return 0;
	if (!show_threads && task->pid != task->tgid)
		return 0;
	if (gadget_is_self(task->tgid))
		return 0;
	/* --pid, --uid, --comm...: of the task listed, not of the reader */
	if (gadget_should_discard_task(task))
		return 0;
	__u64 mntns = gadget_task_mntns_id(task);
	if (gadget_should_discard_mntns_id(mntns))
		return 0;

	struct process_record r = {};
	r.pid = task->tgid;
	r.tid = task->pid;
	r.ppid = BPF_CORE_READ(task, real_parent, tgid);
	r.uid = BPF_CORE_READ(task, cred, uid.val);
	r.gid = BPF_CORE_READ(task, cred, gid.val);
	r.threads = BPF_CORE_READ(task, signal, nr_threads);
	r.mntns_id = mntns;
	r.start_time = task->start_boottime;
	bpf_probe_read_kernel_str(r.comm, sizeof(r.comm), task->comm);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
