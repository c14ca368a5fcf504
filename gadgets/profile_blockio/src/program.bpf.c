// profile_blockio: block I/O latency, from a request's issue to the driver
// (or its insertion in the queue, with --queued) to its completion, counted
// in log2 histograms in the kernel, like bcc's biolatency.
#include <gadgetry/histogram.h>
#include <bpf/bpf_tracing.h>
#include "profile_blockio.h"

const volatile bool per_disk = false;
const volatile bool queued = false;
const volatile bool milliseconds = false;

GADGET_EVENT_TYPE(blockio_disk);

/* When each request in flight started, by its address. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, __u64);
} start SEC(".maps");

GADGET_HISTOGRAM(latency, struct blockio_disk, 512);

static __always_inline int started(struct request *rq)
{
	__u64 key = (__u64)rq;
	__u64 ts = bpf_ktime_get_ns();
	gadget_pending_store(&start, &key, &ts);
	return 0;
}

/* Loaded only with --queued: the request entered an I/O scheduler's queue. */
SEC("raw_tp/block_rq_insert")
int BPF_PROG(on_insert, struct request *rq)
{
	return started(rq);
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(on_issue, struct request *rq)
{
	/* with --queued, a request that went through a queue keeps the time it entered it */
	if (queued) {
		__u64 key = (__u64)rq;
		if (bpf_map_lookup_elem(&start, &key))
			return 0;
	}
	return started(rq);
}

SEC("raw_tp/block_rq_complete")
int BPF_PROG(on_complete, struct request *rq, int error, unsigned int nr_bytes)
{
	__u64 key = (__u64)rq;
	__u64 *ts = bpf_map_lookup_elem(&start, &key);
	if (!ts)
		return 0; /* issued before the gadget started */
	__u64 delta = bpf_ktime_get_ns() - *ts;
	bpf_map_delete_elem(&start, &key);

	struct blockio_disk disk = {};
	if (per_disk) {
		struct gendisk *gd = BPF_CORE_READ(rq, q, disk);
		if (gd) {
			disk.major = BPF_CORE_READ(gd, major);
			disk.minor = BPF_CORE_READ(gd, first_minor);
			BPF_CORE_READ_STR_INTO(&disk.name, gd, disk_name);
		}
	}
	gadget_histogram_add(&latency, &disk, milliseconds ? delta / 1000000 : delta / 1000);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
