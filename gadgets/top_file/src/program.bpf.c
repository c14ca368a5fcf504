// top_file: bytes and calls of read/write-family syscalls per file and thread,
// summed in the kernel and read by user space every interval.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/interval_map.h>
#include "top_file.h"

#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define S_IFREG 0100000

const volatile bool regular_only = true;

GADGET_EVENT_TYPE(file_stat);

struct io {
	__u32 fd;
	__u32 write;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct io);
} pending SEC(".maps");

/* Swapped each interval: user space reads a table only once no program writes to it. */
GADGET_INTERVAL_MAP(stats, struct file_key, struct file_stat, 10240);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct file_stat);
} scratch SEC(".maps");

/* Calls not counted because the interval's table already held its 10240 files, per CPU;
 * user space reports them as lost. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} table_full SEC(".maps");

static __always_inline void count_table_full(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&table_full, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline int enter(__u64 fd, __u32 write)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	if (gadget_is_self(id >> 32))
		return 0;
	/* --pid, --uid, --comm...: comm and credentials are the same at exit */
	if (gadget_should_discard_common())
		return 0;
	struct io io = { .fd = (__u32)fd, .write = write };
	gadget_pending_store(&pending, &tid, &io);
	return 0;
}

static __always_inline int leave(long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct io *io = bpf_map_lookup_elem(&pending, &tid);
	if (!io)
		return 0;
	__u32 fd = io->fd, write = io->write;
	bpf_map_delete_elem(&pending, &tid);
	if (ret <= 0)
		return 0;

	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 mntns = gadget_task_mntns_id(task);
	if (gadget_should_discard_mntns_id(mntns))
		return 0;
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	if (!f)
		return 0;
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	__u32 mode = BPF_CORE_READ(inode, i_mode) & S_IFMT;
	if (regular_only && mode != S_IFREG)
		return 0;

	void *table = gadget_interval_table(&stats);
	if (!table)
		return 0;
	struct file_key key = {
		.pid = id >> 32,
		.tid = tid,
		.dev = BPF_CORE_READ(inode, i_sb, s_dev),
		.inode = BPF_CORE_READ(inode, i_ino),
	};
	struct file_stat *st = bpf_map_lookup_elem(table, &key);
	if (!st) {
		__u32 zero = 0;
		struct file_stat *fresh = bpf_map_lookup_elem(&scratch, &zero);
		if (!fresh)
			return 0;
		__builtin_memset(fresh, 0, sizeof(*fresh));
		fresh->pid = key.pid;
		fresh->tid = tid;
		fresh->uid = (__u32)bpf_get_current_uid_gid();
		fresh->mntns_id = mntns;
		fresh->type[0] = mode == S_IFREG ? 'R' : mode == S_IFSOCK ? 'S' : 'O';
		bpf_get_current_comm(fresh->comm, sizeof(fresh->comm));
		const unsigned char *name = BPF_CORE_READ(f, f_path.dentry, d_name.name);
		bpf_probe_read_kernel_str(fresh->file, sizeof(fresh->file), name);
		/* another CPU may add the key meanwhile: BPF_NOEXIST keeps its counts */
		bpf_map_update_elem(table, &key, fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(table, &key);
		if (!st) {
			count_table_full();
			return 0;
		}
	}
	if (write) {
		__sync_fetch_and_add(&st->writes, 1);
		__sync_fetch_and_add(&st->wbytes, ret);
	} else {
		__sync_fetch_and_add(&st->reads, 1);
		__sync_fetch_and_add(&st->rbytes, ret);
	}
	return 0;
}

#define IO_PAIR(name, write)                                                     \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                \
	int on_##name(struct trace_event_raw_sys_enter *ctx)                        \
	{                                                                           \
		return enter(ctx->args[0], write);                                  \
	}                                                                           \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                 \
	int on_##name##_exit(struct trace_event_raw_sys_exit *ctx)                  \
	{                                                                           \
		return leave(ctx->ret);                                             \
	}

IO_PAIR(read, 0)
IO_PAIR(write, 1)
IO_PAIR(pread64, 0)
IO_PAIR(pwrite64, 1)
IO_PAIR(readv, 0)
IO_PAIR(writev, 1)

char LICENSE[] SEC("license") = "GPL";
