// __NAME__: one record per process, written by a BPF task iterator.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "__NAME__.h"

GADGET_EVENT_TYPE(record);

SEC("iter/task")
int dump(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	if (!task || task->pid != task->tgid)
		return 0; /* threads other than the leader are skipped */
	if (gadget_is_self(task->tgid))
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_task(task))
		return 0; /* --pid, --uid, --comm...: of the task listed, not of the reader */
	__u64 mntns = gadget_task_mntns_id(task);
	if (gadget_should_discard_mntns_id(mntns))
		return 0;
	struct record r = {};
	r.pid = task->tgid;
	r.ppid = BPF_CORE_READ(task, real_parent, tgid);
	r.uid = BPF_CORE_READ(task, cred, uid.val);
	r.mntns_id = mntns;
	bpf_probe_read_kernel_str(r.comm, sizeof(r.comm), task->comm);
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
