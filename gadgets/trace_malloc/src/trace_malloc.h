/* The event trace_malloc sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. */
#ifndef TRACE_MALLOC_H
#define TRACE_MALLOC_H

/* Which function was called; names in src/allocOp.ts. */
enum alloc_op {
	ALLOC_MALLOC = 0,
	ALLOC_FREE = 1,
	ALLOC_CALLOC = 2,
	ALLOC_REALLOC = 3,
};

struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at the call's entry */
	__u64 size;                 /* bytes asked for (calloc: nmemb * size); 0 for free */
	__u64 address;              /* what malloc/calloc/realloc returned (0: failed), or what free was given */
	__u64 old_address;          /* realloc: the block it was given; 0 otherwise */
	__u32 op_code;              /* enum alloc_op */
	__u32 _pad;
};

#endif
