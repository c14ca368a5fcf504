// Reference consumer in C over libbpf, for the benchmarks: loads the same BPF
// object as a Gadgetry gadget (trace_open or trace_exec), attaches every program,
// reads the same ring buffer and formats every event as a JSON line on stdout;
// `open-columns` formats trace_open's events as `gadgetry run trace_open` shows
// them by default (the same columns and widths, cells escaped and cut, the
// user name looked up), with printf.
//   ref_consumer open|exec|open-columns OBJECT.bpf.o [RING_KIB]
// RING_KIB sets the ring buffer's size (a power of two), as gadgetry's --buffer-kb does.
// Runs until SIGINT/SIGTERM, then prints {"events":N,"lost":M} on stderr.
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pwd.h>
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
static int exec_mode, columns_mode;
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

/* One cell of the columns: control bytes escaped as \xNN, cut to `width` with '…' unless it is the last column. */
static void put_cell(char *cell, size_t cap, const char *s, size_t n, int width)
{
	size_t at = 0;
	for (size_t i = 0; i < n && s[i] && at < cap - 8; i++) {
		unsigned char c = s[i];
		if (c < 0x20 || c == 0x7f)
			at += snprintf(cell + at, 8, "\\x%02x", c);
		else
			cell[at++] = c;
	}
	cell[at] = 0;
	if (width > 0 && at > (size_t)width)
		strcpy(cell + width - 1, "\u2026");
}

/* The user name of a uid, looked up again only when the uid changes (gadgetry caches it too). */
static const char *user_name(__u32 uid)
{
	static __u32 last = (__u32)-1;
	static char name[64];
	if (uid != last) {
		struct passwd *pw = getpwuid(uid);
		snprintf(name, sizeof(name), "%s", pw ? pw->pw_name : "");
		last = uid;
	}
	return name;
}

static void on_open_columns(const struct open_event *e)
{
	char comm[80], user[80], fname[1100];
	put_cell(comm, sizeof(comm), e->proc.comm, sizeof(e->proc.comm), 16);
	put_cell(user, sizeof(user), user_name(e->proc.uid), 64, 10);
	put_cell(fname, sizeof(fname), e->fname, sizeof(e->fname), 0);
	const char *error = e->err ? strerrorname_np(e->err) : "";
	printf("%-16s %7u %7u %6u %-10s %-16s %4d %-15s %s\n", "", e->proc.pid, e->proc.ppid, e->proc.uid, user, comm, e->fd,
	       error ? error : "", fname);
}

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)size;
	int at;
	if (columns_mode) {
		on_open_columns(data);
		events++;
		return 0;
	}
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
	if (argc < 3 || argc > 4 || (strcmp(argv[1], "open") && strcmp(argv[1], "exec") && strcmp(argv[1], "open-columns"))) {
		fprintf(stderr, "usage: ref_consumer open|exec|open-columns OBJECT.bpf.o [RING_KIB]\n");
		return 2;
	}
	exec_mode = !strcmp(argv[1], "exec");
	columns_mode = !strcmp(argv[1], "open-columns");
	struct bpf_object *obj = bpf_object__open_file(argv[2], NULL);
	if (obj && argc == 4)
		bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "events"), (__u32)atoi(argv[3]) * 1024);
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
	if (columns_mode)
		printf("%-16s %7s %7s %6s %-10s %-16s %4s %-15s %s\n", "CONTAINER", "PID", "PPID", "UID", "USER", "COMM", "FD", "ERROR", "PATH");
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
