/* The event trace_ssl sends to user space. The build generates its TypeBox
 * schema (src/event.generated.ts) from this struct's BTF; src/index.ts only
 * adds what C cannot say. */
#ifndef TRACE_SSL_H
#define TRACE_SSL_H

/* Bytes of plaintext an event can carry: the bound of --data-size. */
#define SSL_DATA_MAX 256

/* Which call moved the data; names in src/index.ts. */
enum ssl_op {
	SSL_OP_READ = 0,
	SSL_OP_WRITE = 1,
};

struct event {
	struct gadget_process proc;
	gadget_timestamp timestamp; /* ns since boot, at the call's entry */
	__u64 latency;              /* ns from the call's entry to its return */
	__u32 len;                  /* plaintext bytes read or written */
	__u32 captured;             /* bytes of it in buf: at most --data-size */
	__u32 op_code;              /* enum ssl_op */
	__u8 ex;                    /* 1: SSL_read_ex / SSL_write_ex */
	__u8 _pad[3];
	__u8 buf[SSL_DATA_MAX];     /* the first `captured` bytes; the rest zero */
};

#endif
