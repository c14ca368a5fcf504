// Reference consumer in C over libbpf, for the benchmarks: loads the same BPF
// object as a Gadgetry gadget (trace_open or trace_exec), attaches every program,
// reads the same ring buffer and formats every event as a JSON line on stdout.
//   ref_consumer open|exec OBJECT.bpf.o
// Runs until SIGINT/SIGTERM, then prints {"events":N,"lost":M} on stderr.
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Layouts of the gadgets' events (gadgets/trace_open/src/trace_open.h, gadgets/trace_exec/src/trace_exec.h). */
struct gadget_process {
	__u32 pid, tid, ppid, uid, gid, _pad;
	__u64 mntns_id;
	char comm[16];
};
struct open_event {
	struct gadget_process proc;
	__u64 timestamp;
	__s32 fd, err;
	__u32 flags, mode;
	char fname[256];
};
struct exec_event {
	struct gadget_process proc;
	__u64 timestamp;
	__s32 retval;
	__u32 args_count, args_size;
	char args[2048];
};

static volatile sig_atomic_t stopping;
static unsigned long long events;
static int exec_mode;
static char line[8192];

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Appends s (at most n bytes, up to NUL) as a JSON string. */
static int put_str(char *out, int at, const char *s, size_t n)
{
	out[at++] = '"';
	for (size_t i = 0; i < n && s[i] && at < (int)sizeof(line) - 8; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			out[at++] = '\\';
			out[at++] = c;
		} else if (c < 0x20) {
			at += snprintf(out + at, 8, "\\u%04x", c);
		} else {
			out[at++] = c;
		}
	}
	out[at++] = '"';
	return at;
}

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)size;
	int at;
	if (exec_mode) {
		const struct exec_event *e = data;
		at = snprintf(line, sizeof(line),
			      "{\"timestamp\":%llu,\"mntnsId\":%llu,\"pid\":%u,\"tid\":%u,\"ppid\":%u,\"uid\":%u,\"gid\":%u,\"comm\":",
			      (unsigned long long)e->timestamp, (unsigned long long)e->proc.mntns_id, e->proc.pid, e->proc.tid,
			      e->proc.ppid, e->proc.uid, e->proc.gid);
		at = put_str(line, at, e->proc.comm, sizeof(e->proc.comm));
		at += snprintf(line + at, sizeof(line) - at, ",\"retval\":%d,\"args\":[", e->retval);
		__u32 len = e->args_size < sizeof(e->args) ? e->args_size : sizeof(e->args);
		for (__u32 i = 0, first = 1; i < len; first = 0) {
			if (!first)
				line[at++] = ',';
			at = put_str(line, at, e->args + i, len - i);
			i += strnlen(e->args + i, len - i) + 1;
		}
		at += snprintf(line + at, sizeof(line) - at, "]}\n");
	} else {
		const struct open_event *e = data;
		at = snprintf(line, sizeof(line),
			      "{\"timestamp\":%llu,\"mntnsId\":%llu,\"pid\":%u,\"tid\":%u,\"uid\":%u,\"gid\":%u,\"comm\":",
			      (unsigned long long)e->timestamp, (unsigned long long)e->proc.mntns_id, e->proc.pid, e->proc.tid,
			      e->proc.uid, e->proc.gid);
		at = put_str(line, at, e->proc.comm, sizeof(e->proc.comm));
		at += snprintf(line + at, sizeof(line) - at, ",\"fd\":%d,\"err\":%d,\"error\":\"%s\",\"flags\":%u,\"mode\":%u,\"fname\":",
			       e->fd, e->err, e->err ? strerrorname_np(e->err) : "", e->flags, e->mode);
		at = put_str(line, at, e->fname, sizeof(e->fname));
		at += snprintf(line + at, sizeof(line) - at, "}\n");
	}
	fwrite(line, 1, at, stdout);
	events++;
	return 0;
}

static unsigned long long read_drops(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "gadget_drops");
	if (!m)
		return 0;
	int ncpu = libbpf_num_possible_cpus();
	__u64 values[ncpu];
	__u32 zero = 0;
	if (bpf_map_lookup_elem(bpf_map__fd(m), &zero, values))
		return 0;
	unsigned long long sum = 0;
	for (int i = 0; i < ncpu; i++)
		sum += values[i];
	return sum;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "open") && strcmp(argv[1], "exec"))) {
		fprintf(stderr, "usage: ref_consumer open|exec OBJECT.bpf.o\n");
		return 2;
	}
	exec_mode = !strcmp(argv[1], "exec");
	struct bpf_object *obj = bpf_object__open_file(argv[2], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "ref_consumer: cannot load %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj)
	{
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "ref_consumer: cannot attach %s: %s\n", bpf_program__name(prog), strerror(errno));
			return 1;
		}
	}
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "events")), on_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "ref_consumer: cannot open the ring buffer\n");
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	fprintf(stderr, "ready\n");
	while (!stopping) {
		int err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR)
			break;
	}
	ring_buffer__consume(rb);
	fflush(stdout);
	fprintf(stderr, "{\"events\":%llu,\"lost\":%llu}\n", events, read_drops(obj));
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
