/* Common definitions for Gadgetry BPF programs. Every gadgetry header includes
 * what it needs itself (the kernel's vmlinux.h, libbpf's helpers and CO-RE
 * reads), so a program may include them in any order, first or last. */
#ifndef GADGETRY_COMMON_H
#define GADGETRY_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "types.h"

#define GADGET_PATH_MAX 256

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* Keeps struct <tag> in the object's BTF even when the code only uses it through pointers,
 * so the runtime can read the event layout from the object. */
#define GADGET_EVENT_TYPE(tag) const volatile struct tag *__gadget_event_type_##tag __attribute__((unused)) = 0

/* Events dropped because the ring buffer was full, per CPU; the runtime reports the sum. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} gadget_drops SEC(".maps");

static __always_inline void gadget_count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&gadget_drops, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Why an event was lost other than a full ring buffer; indexes gadget_losses. */
enum gadget_loss_reason {
	/* a table of calls in flight (entry seen, exit not yet) was full */
	GADGET_LOSS_PENDING_FULL = 0,
	GADGET_LOSS_REASONS,
};

/* Events lost for each gadget_loss_reason, per CPU; the runtime reports the sums. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, GADGET_LOSS_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} gadget_losses SEC(".maps");

static __always_inline void gadget_count_loss(enum gadget_loss_reason reason)
{
	__u32 key = reason;
	__u64 *n = bpf_map_lookup_elem(&gadget_losses, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Remembers what a syscall's entry saw until its exit; when the table is full
 * the call cannot be reported, and that loss is counted instead of hidden. */
static __always_inline void gadget_pending_store(void *map, const void *key, const void *value)
{
	if (bpf_map_update_elem(map, key, value, BPF_ANY))
		gadget_count_loss(GADGET_LOSS_PENDING_FULL);
}

/* Reserves an event in a ring buffer, counting a drop when it is full. */
static __always_inline void *gadget_reserve(void *ringbuf, __u64 size)
{
	void *ev = bpf_ringbuf_reserve(ringbuf, size, 0);
	if (!ev)
		gadget_count_drop();
	return ev;
}

#define GADGET_RINGBUF(name, bytes)                  \
	struct {                                      \
		__uint(type, BPF_MAP_TYPE_RINGBUF);   \
		__uint(max_entries, bytes);           \
	} name SEC(".maps")

#endif /* GADGETRY_COMMON_H */
