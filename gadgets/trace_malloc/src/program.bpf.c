// trace_malloc: the allocation calls of a C library (or of any binary with
// these functions), from uprobes on their entry and uretprobes on their
// return. The sections name no binary: the gadget attaches them to the
// library each traced process maps (src/index.ts).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/uprobe_calls.h>
#include "trace_malloc.h"

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* A call between its entry and its return. */
struct call {
	__u64 timestamp;
	__u64 size;
	__u64 old_address;
};

/* realloc(NULL, n) calling malloc inside is two calls in flight on one
 * thread, each reported at its own return (uprobe_calls.h). */
GADGET_UPROBE_CALLS(pending, struct call, 10240);

static __always_inline bool discard(void)
{
	if (gadget_should_discard_self())
		return true; /* the runtime itself, unless it runs with --trace-self */
	if (gadget_should_discard_common())
		return true; /* --pid, --tid, --uid, --gid, --comm */
	return gadget_should_discard_mntns_id(gadget_current_mntns_id());
}

static __always_inline int enter(enum alloc_op op, __u64 size, __u64 old_address)
{
	if (discard())
		return 0;
	struct call c = { .timestamp = bpf_ktime_get_boot_ns(), .size = size, .old_address = old_address };
	gadget_uprobe_call_begin(&pending, op, &c);
	return 0;
}

static __always_inline void submit(enum alloc_op op, __u64 timestamp, __u64 size, __u64 address, __u64 old_address)
{
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		return;
	gadget_fill_process(&e->proc);
	e->timestamp = timestamp;
	e->size = size;
	e->address = address;
	e->old_address = old_address;
	e->op_code = op;
	e->_pad = 0;
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int leave(enum alloc_op op, __u64 address)
{
	__u64 key = gadget_uprobe_call_key(op);
	struct call *c = bpf_map_lookup_elem(&pending, &key);
	if (!c)
		return 0;
	submit(op, c->timestamp, c->size, address, c->old_address);
	bpf_map_delete_elem(&pending, &key);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(on_malloc, size_t size)
{
	return enter(ALLOC_MALLOC, size, 0);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_malloc_return, void *ret)
{
	return leave(ALLOC_MALLOC, (__u64)ret);
}

SEC("uprobe")
int BPF_KPROBE(on_calloc, size_t nmemb, size_t size)
{
	return enter(ALLOC_CALLOC, (__u64)nmemb * size, 0);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_calloc_return, void *ret)
{
	return leave(ALLOC_CALLOC, (__u64)ret);
}

SEC("uprobe")
int BPF_KPROBE(on_realloc, void *ptr, size_t size)
{
	return enter(ALLOC_REALLOC, size, (__u64)ptr);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_realloc_return, void *ret)
{
	return leave(ALLOC_REALLOC, (__u64)ret);
}

/* free(NULL) does nothing, and is not reported. */
SEC("uprobe")
int BPF_KPROBE(on_free, void *ptr)
{
	if (!ptr || discard())
		return 0;
	submit(ALLOC_FREE, bpf_ktime_get_boot_ns(), 0, (__u64)ptr, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
