// trace_ssl: plaintext as OpenSSL's libssl hands it to a program or takes it
// from one: uprobes on SSL_read, SSL_write and their _ex forms remember the
// buffer at entry, uretprobes report what moved at return (a read's data is
// only there then). The sections name no binary: the gadget attaches them
// to the libssl each traced process maps (src/index.ts).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <gadgetry/process.h>
#include <gadgetry/mntns_filter.h>
#include <gadgetry/self_filter.h>
#include <gadgetry/common_filter.h>
#include <gadgetry/uprobe_calls.h>
#include "trace_ssl.h"

/* --data-size: bytes of each call's data to copy, at most SSL_DATA_MAX. */
const volatile __u32 data_size = 64;

GADGET_EVENT_TYPE(event);
GADGET_RINGBUF(events, 1024 * 1024); /* the --buffer-kb default */

/* The four functions, for the key of a call in flight. */
enum ssl_fn { FN_READ, FN_WRITE, FN_READ_EX, FN_WRITE_EX };

struct call {
	__u64 timestamp;
	__u64 buf;   /* the plaintext buffer */
	__u64 count; /* _ex: where the function writes the bytes it moved */
};

GADGET_UPROBE_CALLS(pending, struct call, 10240);

static __always_inline int enter(enum ssl_fn fn, const void *buf, void *count)
{
	if (gadget_should_discard_self() || gadget_should_discard_common())
		return 0;
	if (gadget_should_discard_mntns_id(gadget_current_mntns_id()))
		return 0;
	struct call c = { .timestamp = bpf_ktime_get_boot_ns(), .buf = (__u64)buf, .count = (__u64)count };
	gadget_uprobe_call_begin(&pending, fn, &c);
	return 0;
}

/* `ret`: what the function returned; for _ex forms 1 on success, the length in *count. */
static __always_inline int leave(enum ssl_fn fn, long ret)
{
	__u64 key = gadget_uprobe_call_key(fn);
	struct call *c = bpf_map_lookup_elem(&pending, &key);
	if (!c)
		return 0;
	bool ex = fn == FN_READ_EX || fn == FN_WRITE_EX;
	__u64 len = 0;
	if (ex) {
		if (ret == 1 && bpf_probe_read_user(&len, sizeof(len), (void *)c->count) < 0)
			len = 0;
	} else if (ret > 0) {
		len = ret;
	}
	if (len == 0)
		goto out; /* nothing moved: would block, closed, or failed */
	struct event *e = gadget_reserve(&events, sizeof(*e));
	if (!e)
		goto out;
	gadget_fill_process(&e->proc);
	e->timestamp = c->timestamp;
	e->latency = bpf_ktime_get_boot_ns() - c->timestamp;
	e->len = len > 0xffffffff ? 0xffffffff : len;
	e->op_code = fn == FN_READ || fn == FN_READ_EX ? SSL_OP_READ : SSL_OP_WRITE;
	e->ex = ex;
	__builtin_memset(e->_pad, 0, sizeof(e->_pad));
	/* the ring buffer's memory holds older records: never pass their bytes on */
	__builtin_memset(e->buf, 0, sizeof(e->buf));
	__u32 n = len < data_size ? len : data_size;
	if (n > SSL_DATA_MAX)
		n = SSL_DATA_MAX;
	if (n > 0 && bpf_probe_read_user(e->buf, n, (void *)c->buf) < 0)
		n = 0;
	e->captured = n;
	bpf_ringbuf_submit(e, 0);
out:
	bpf_map_delete_elem(&pending, &key);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(on_read, void *ssl, void *buf, int num)
{
	return enter(FN_READ, buf, 0);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_read_return, int ret)
{
	return leave(FN_READ, ret);
}

SEC("uprobe")
int BPF_KPROBE(on_write, void *ssl, const void *buf, int num)
{
	return enter(FN_WRITE, buf, 0);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_write_return, int ret)
{
	return leave(FN_WRITE, ret);
}

SEC("uprobe")
int BPF_KPROBE(on_read_ex, void *ssl, void *buf, size_t num, size_t *readbytes)
{
	return enter(FN_READ_EX, buf, readbytes);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_read_ex_return, int ret)
{
	return leave(FN_READ_EX, ret);
}

SEC("uprobe")
int BPF_KPROBE(on_write_ex, void *ssl, const void *buf, size_t num, size_t *written)
{
	return enter(FN_WRITE_EX, buf, written);
}

SEC("uretprobe")
int BPF_KRETPROBE(on_write_ex_return, int ret)
{
	return leave(FN_WRITE_EX, ret);
}

char LICENSE[] SEC("license") = "GPL";
