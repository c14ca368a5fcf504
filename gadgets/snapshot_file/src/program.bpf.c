// snapshot_file: every open file descriptor of every process, read once with
// a BPF task_file iterator (one visit per file table: threads sharing their
// process's table are not listed again).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include "snapshot_file.h"

GADGET_EVENT_TYPE(file_record);

/* The record being written: too large for the BPF stack beside bpf_d_path's needs. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct file_record);
} scratch SEC(".maps");

SEC("iter/task_file")
int dump_files(struct bpf_iter__task_file *ctx)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	if (!task || !file)
		return 0;
	if (gadget_is_self(task->tgid))
		return 0; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_task(task))
		return 0; /* --pid, --uid, --comm...: of the task listed, not of the reader */
	__u64 mntns = gadget_task_mntns_id(task);
	if (gadget_should_discard_mntns_id(mntns))
		return 0;
	__u32 zero = 0;
	struct file_record *r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	__builtin_memset(r, 0, sizeof(*r));
	gadget_fill_task_process(&r->proc, task);
	r->fd = ctx->fd;
	r->ino = BPF_CORE_READ(file, f_inode, i_ino);
	r->mode = BPF_CORE_READ(file, f_inode, i_mode);
	r->flags = BPF_CORE_READ(file, f_flags);
	r->pos = BPF_CORE_READ(file, f_pos);
	/* f_path is const in newer kernels; the helper only reads it */
	if (bpf_d_path((struct path *)&file->f_path, r->path, sizeof(r->path)) < 0)
		r->path[0] = 0; /* longer than the record holds */
	bpf_seq_write(ctx->meta->seq, r, sizeof(*r));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
