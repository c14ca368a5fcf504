// top_blockio: block I/O requests per process and disk: reads, writes,
// bytes and time from start to completion, from the block_io_start and
// block_io_done tracepoints, summed in the kernel and read every interval.
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/interval_map.h>
#include <bpf/bpf_tracing.h>
#include "top_blockio.h"

#define REQ_OP_BITS 8
#define REQ_OP_MASK ((1 << REQ_OP_BITS) - 1)
#define REQ_OP_READ 0

GADGET_EVENT_TYPE(blockio_stat);

/* Who started each request in flight, and when, by its address. */
struct started {
	__u64 ts;
	__u64 mntns_id;
	__u32 pid;
	__u32 uid;
	__u32 bytes;
	__u32 write;
	char comm[GADGET_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct started);
} in_flight SEC(".maps");

/* Swapped each interval: user space reads a table only once no program writes to it. */
GADGET_INTERVAL_MAP(stats, struct blockio_key, struct blockio_stat, 10240);

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct blockio_stat);
} scratch SEC(".maps");

/* Accounted requests start in the context of the process that submitted them. */
SEC("tp_btf/block_io_start")
int BPF_PROG(on_io_start, struct request *rq)
{
	__u32 op = BPF_CORE_READ(rq, cmd_flags) & REQ_OP_MASK;
	/* reads and data writes (write, discard, write zeroes are odd ops); flushes carry no data */
	if (op != REQ_OP_READ && !(op & 1))
		return 0;
	__u64 id = bpf_get_current_pid_tgid();
	if (gadget_is_self(id >> 32))
		return 0;
	if (gadget_should_discard_common())
		return 0;
	__u64 mntns = gadget_current_mntns_id();
	if (gadget_should_discard_mntns_id(mntns))
		return 0;
	struct started s = {
		.ts = bpf_ktime_get_ns(),
		.mntns_id = mntns,
		.pid = id >> 32,
		.uid = (__u32)bpf_get_current_uid_gid(),
		.bytes = BPF_CORE_READ(rq, __data_len),
		.write = op != REQ_OP_READ,
	};
	bpf_get_current_comm(s.comm, sizeof(s.comm));
	__u64 key = (__u64)rq;
	gadget_pending_store(&in_flight, &key, &s);
	return 0;
}

SEC("tp_btf/block_io_done")
int BPF_PROG(on_io_done, struct request *rq)
{
	__u64 rq_key = (__u64)rq;
	struct started *s = bpf_map_lookup_elem(&in_flight, &rq_key);
	if (!s)
		return 0; /* started before the gadget, or filtered out */
	__u64 delta = bpf_ktime_get_ns() - s->ts;

	struct gendisk *gd = BPF_CORE_READ(rq, q, disk);
	__u32 major = gd ? BPF_CORE_READ(gd, major) : 0;
	__u32 minor = gd ? BPF_CORE_READ(gd, first_minor) : 0;
	void *table = gadget_interval_table(&stats);
	if (!table)
		goto done;
	struct blockio_key key = { .pid = s->pid, .dev = major << 20 | minor };
	struct blockio_stat *st = bpf_map_lookup_elem(table, &key);
	if (!st) {
		__u32 zero = 0;
		struct blockio_stat *fresh = bpf_map_lookup_elem(&scratch, &zero);
		if (!fresh)
			goto done;
		__builtin_memset(fresh, 0, sizeof(*fresh));
		fresh->pid = s->pid;
		fresh->uid = s->uid;
		fresh->mntns_id = s->mntns_id;
		__builtin_memcpy(fresh->comm, s->comm, sizeof(fresh->comm));
		fresh->major = major;
		fresh->minor = minor;
		if (gd)
			BPF_CORE_READ_STR_INTO(&fresh->disk, gd, disk_name);
		bpf_map_update_elem(table, &key, fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(table, &key);
		if (!st)
			goto done;
	}
	if (s->write) {
		__sync_fetch_and_add(&st->writes, 1);
		__sync_fetch_and_add(&st->wbytes, s->bytes);
	} else {
		__sync_fetch_and_add(&st->reads, 1);
		__sync_fetch_and_add(&st->rbytes, s->bytes);
	}
	__sync_fetch_and_add(&st->latency_ns, delta);
done:
	bpf_map_delete_elem(&in_flight, &rq_key);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
