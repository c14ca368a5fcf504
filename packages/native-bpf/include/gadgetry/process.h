/* Who is running: the identity fields every gadget event carries. */
#ifndef GADGETRY_PROCESS_H
#define GADGETRY_PROCESS_H

#include "common.h"

struct gadget_process {
	__u32 pid;   /* thread group id */
	__u32 tid;
	__u32 ppid;  /* real parent's thread group id */
	__u32 uid;
	__u32 gid;
	__u32 _pad;
	__u64 mntns_id;
	char comm[GADGET_COMM_LEN];
};

static __always_inline __u64 gadget_task_mntns_id(struct task_struct *task)
{
	return BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
}

static __always_inline __u64 gadget_current_mntns_id(void)
{
	return gadget_task_mntns_id((struct task_struct *)bpf_get_current_task());
}

static __always_inline void gadget_fill_process(struct gadget_process *p)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	p->pid = pid_tgid >> 32;
	p->tid = (__u32)pid_tgid;
	p->ppid = BPF_CORE_READ(task, real_parent, tgid);
	p->uid = (__u32)uid_gid;
	p->gid = uid_gid >> 32;
	p->_pad = 0;
	p->mntns_id = gadget_task_mntns_id(task);
	bpf_get_current_comm(p->comm, sizeof(p->comm));
}

#endif /* GADGETRY_PROCESS_H */
