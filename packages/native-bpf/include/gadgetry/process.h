/* Who is running: the identity fields every gadget event carries. */
#ifndef GADGETRY_PROCESS_H
#define GADGETRY_PROCESS_H

/* common.h brings vmlinux.h (struct task_struct), bpf_helpers.h
 * (bpf_get_current_task) and bpf_core_read.h (BPF_CORE_READ): include this
 * header first or last, it needs nothing before it. */
#include "common.h"

/* Members are typed with the kind typedefs of types.h: an event embedding
 * `struct gadget_process proc` gets the usual process fields generated. */
struct gadget_process {
	gadget_pid pid;   /* thread group id */
	gadget_tid tid;
	gadget_ppid ppid; /* real parent's thread group id */
	gadget_uid uid;
	gadget_gid gid;
	__u32 _pad;       /* a leading underscore: padding, not an event field */
	gadget_mntns_id mntns_id;
	gadget_comm comm;
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

/* The same fields for another task: an iterator's task, an OOM victim, a
 * signal's target. uid and gid are the real ones, as for the current task. */
static __always_inline void gadget_fill_task_process(struct gadget_process *p, struct task_struct *task)
{
	p->pid = BPF_CORE_READ(task, tgid);
	p->tid = BPF_CORE_READ(task, pid);
	p->ppid = BPF_CORE_READ(task, real_parent, tgid);
	p->uid = BPF_CORE_READ(task, cred, uid.val);
	p->gid = BPF_CORE_READ(task, cred, gid.val);
	p->_pad = 0;
	p->mntns_id = gadget_task_mntns_id(task);
	bpf_probe_read_kernel_str(p->comm, sizeof(p->comm), &task->comm);
}

#endif /* GADGETRY_PROCESS_H */
