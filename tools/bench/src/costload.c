// Workloads that make each gadget fire, for the cost table (costs.mjs).
//   costload MODE SECONDS [ARG]
// Each mode loops one kind of operation for SECONDS (at most 30) and prints one JSON
// line: {"mode":..., "ops":N, "seconds":S, "opsPerSec":R}. Network modes use 127.0.0.1 only.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds_arg;
static const char *arg;
static double start_time;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int done(long n)
{
	(void)n; /* the vDSO clock costs ~20 ns: read every time, so slow modes stop on time too */
	return now() - start_time >= seconds_arg;
}

static void die(const char *what)
{
	fprintf(stderr, "costload: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A TCP socket listening on 127.0.0.1 (an ephemeral port), with its port. */
static int listener(int backlog, int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, backlog) || getsockname(fd, (struct sockaddr *)&a, &len))
		die("listen");
	*port = ntohs(a.sin_port);
	return fd;
}

static long mode_open(void)
{
	long n = 0;
	while (!done(n)) {
		int fd = open("/etc/hostname", O_RDONLY);
		if (fd >= 0)
			close(fd);
		n++;
	}
	return n;
}

static long mode_exec(void)
{
	long n = 0;
	while (!done(n)) {
		pid_t pid = fork();
		if (pid == 0) {
			execl("/bin/true", "true", "costload", (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		n++;
	}
	return n;
}

static volatile sig_atomic_t received;
static void on_signal(int sig)
{
	(void)sig;
	received++;
}

static long mode_signal(void)
{
	signal(SIGUSR1, on_signal);
	long n = 0;
	while (!done(n)) {
		kill(getpid(), SIGUSR1);
		n++;
	}
	return n;
}

/* connect + accept + 1 byte each way + close, on loopback */
static long mode_tcp(void)
{
	int port;
	int l = listener(64, &port);
	struct sockaddr_in a = loopback(port);
	long n = 0;
	char b = 'x';
	while (!done(n)) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
			die("connect");
		int s = accept(l, NULL, NULL);
		if (s < 0)
			die("accept");
		if (write(c, &b, 1) != 1 || read(s, &b, 1) != 1 || write(s, &b, 1) != 1 || read(c, &b, 1) != 1)
			die("echo");
		close(c);
		close(s);
		n++;
	}
	close(l);
	return n;
}

static long mode_bind(void)
{
	long n = 0;
	while (!done(n)) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		struct sockaddr_in a = loopback(0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)))
			die("bind");
		close(fd);
		n++;
	}
	return n;
}

/* connect to a bound port nobody listens on: the kernel answers with a reset and frees the SYN */
static long mode_reset(void)
{
	int hold = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof(a);
	if (hold < 0 || bind(hold, (struct sockaddr *)&a, sizeof(a)) || getsockname(hold, (struct sockaddr *)&a, &len))
		die("bind");
	long n = 0;
	while (!done(n)) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0)
			die("socket");
		connect(c, (struct sockaddr *)&a, sizeof(a));
		close(c);
		n++;
	}
	return n;
}

/* a listener that never accepts, with a tiny backlog: further SYNs are dropped and retransmitted */
static long mode_retrans(void)
{
	int port;
	int l = listener(0, &port);
	struct sockaddr_in a = loopback(port);
	int fds[64];
	long n = 0;
	for (int i = 0; i < 64; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fds[i] < 0)
			die("socket");
		connect(fds[i], (struct sockaddr *)&a, sizeof(a));
		n++;
	}
	while (now() - start_time < seconds_arg)
		usleep(10000);
	for (int i = 0; i < 64; i++)
		close(fds[i]);
	close(l);
	return n;
}

/* pwrite + pread of 4 KiB on a file (ARG) */
static long mode_fileio(void)
{
	int fd = open(arg, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("open");
	char buf[4096];
	memset(buf, 'x', sizeof(buf));
	long n = 0;
	while (!done(n)) {
		off_t off = (n & 255) * sizeof(buf);
		if (pwrite(fd, buf, sizeof(buf), off) != sizeof(buf) || pread(fd, buf, sizeof(buf), off) != sizeof(buf))
			die("io");
		n++;
	}
	close(fd);
	unlink(arg);
	return n;
}

/* 4 KiB O_DIRECT reads at spread offsets of a 64 MiB file (ARG) on a disk: each one a block request */
static long mode_block(void)
{
	const long size = 64L << 20;
	int fd = open(arg, O_RDWR | O_CREAT, 0600);
	if (fd < 0 || ftruncate(fd, size))
		die("open");
	char chunk[1 << 16];
	memset(chunk, 'b', sizeof(chunk));
	for (long off = 0; off < size; off += sizeof(chunk))
		if (pwrite(fd, chunk, sizeof(chunk), off) != sizeof(chunk))
			die("fill");
	fsync(fd);
	close(fd);
	fd = open(arg, O_RDONLY | O_DIRECT);
	void *buf;
	if (fd < 0 || posix_memalign(&buf, 4096, 4096))
		die("open O_DIRECT");
	start_time = now();
	long n = 0;
	while (!done(n)) {
		off_t off = ((n * 7919) % (size / 4096)) * 4096;
		if (pread(fd, buf, 4096, off) != 4096)
			die("pread");
		n++;
	}
	close(fd);
	unlink(arg);
	return n;
}

/* A DNS server on 127.0.0.1:ARG answering each query with its question (QR set, no answer). */
static void *dns_server(void *p)
{
	int fd = *(int *)p;
	unsigned char b[512];
	for (;;) {
		struct sockaddr_in from;
		socklen_t len = sizeof(from);
		ssize_t r = recvfrom(fd, b, sizeof(b), 0, (struct sockaddr *)&from, &len);
		if (r < 12)
			continue;
		b[2] |= 0x80;
		sendto(fd, b, r, 0, (struct sockaddr *)&from, len);
	}
	return NULL;
}

static long mode_dns(void)
{
	int port = atoi(arg);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = loopback(port);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)))
		die("dns server bind");
	pthread_t t;
	pthread_create(&t, NULL, dns_server, &s);
	int c = socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = { .tv_sec = 1 };
	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
		die("dns connect");
	/* id, flags RD, 1 question: bench.example A IN */
	static const unsigned char q[] = { 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'b', 'e', 'n', 'c', 'h', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1 };
	unsigned char m[sizeof(q)], r[512];
	long n = 0;
	while (!done(n)) {
		memcpy(m, q, sizeof(q));
		m[0] = n >> 8;
		m[1] = n;
		if (send(c, m, sizeof(m), 0) != sizeof(m) || recv(c, r, sizeof(r), 0) < 12)
			die("dns query");
		n++;
	}
	return n;
}

/* A TLS ClientHello naming bench.example, sent on a fresh loopback connection each time. */
static long mode_sni(void)
{
	static const char host[] = "bench.example";
	unsigned char h[128];
	int hl = strlen(host), i = 0;
	int ext = 2 + 2 + 2 + 1 + 2 + hl; /* type, len, list len, name type, name len, name */
	int body = 2 + 32 + 1 + 4 + 2 + 2 + ext; /* version, random, session id, suites, compression, ext len */
	h[i++] = 0x16, h[i++] = 3, h[i++] = 1, h[i++] = (body + 4) >> 8, h[i++] = body + 4;
	h[i++] = 1, h[i++] = 0, h[i++] = body >> 8, h[i++] = body;
	h[i++] = 3, h[i++] = 3;
	for (int k = 0; k < 32; k++)
		h[i++] = k;
	h[i++] = 0;
	h[i++] = 0, h[i++] = 2, h[i++] = 0x13, h[i++] = 0x01;
	h[i++] = 1, h[i++] = 0;
	h[i++] = (ext) >> 8, h[i++] = ext;
	h[i++] = 0, h[i++] = 0, h[i++] = (ext - 4) >> 8, h[i++] = ext - 4;
	h[i++] = (hl + 3) >> 8, h[i++] = hl + 3, h[i++] = 0, h[i++] = hl >> 8, h[i++] = hl;
	memcpy(h + i, host, hl);
	i += hl;
	int port;
	int l = listener(64, &port);
	struct sockaddr_in a = loopback(port);
	long n = 0;
	char b[256];
	while (!done(n)) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
			die("connect");
		int s = accept(l, NULL, NULL);
		if (s < 0 || write(c, h, i) != i || read(s, b, sizeof(b)) <= 0)
			die("hello");
		close(c);
		close(s);
		n++;
	}
	return n;
}

static long mode_cpu(void)
{
	volatile unsigned long x = 1;
	long n = 0;
	while (!done(n)) {
		for (int k = 0; k < 10000; k++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		n++;
	}
	return n;
}

/* two threads passing a byte back and forth over pipes: a wakeup and a switch per hop */
static int ping[2], pong[2];
static void *ponger(void *p)
{
	(void)p;
	char b;
	while (read(ping[0], &b, 1) == 1 && b == 'p')
		if (write(pong[1], &b, 1) != 1)
			break;
	return NULL;
}

static long mode_sched(void)
{
	if (pipe(ping) || pipe(pong))
		die("pipe");
	pthread_t t;
	pthread_create(&t, NULL, ponger, NULL);
	long n = 0;
	char b = 'p';
	while (!done(n)) {
		if (write(ping[1], &b, 1) != 1 || read(pong[0], &b, 1) != 1)
			die("pingpong");
		n++;
	}
	b = 'q';
	if (write(ping[1], &b, 1) == 1)
		pthread_join(t, NULL);
	return n;
}

static long mode_malloc(void)
{
	long n = 0;
	while (!done(n)) {
		void *volatile p = malloc(64 + (n & 127));
		free(p);
		n++;
	}
	return n;
}

/* setuid to itself: as root the kernel still asks whether CAP_SETUID is held */
static long mode_caps(void)
{
	long n = 0;
	uid_t me = geteuid();
	while (!done(n)) {
		if (setuid(me))
			die("setuid");
		n++;
	}
	return n;
}

/* mount + umount of a tmpfs on ARG (a directory) in a mount namespace of its own */
static long mode_mount(void)
{
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		die("unshare");
	long n = 0;
	while (!done(n)) {
		if (mount("costload", arg, "tmpfs", 0, "size=64k") || umount2(arg, 0))
			die("mount");
		n++;
	}
	return n;
}

static long mode_syscalls(void)
{
	long n = 0;
	while (!done(n)) {
		getppid();
		n++;
	}
	return n;
}

/* A child in memory cgroup ARG (v1, limit already set) touching memory until the OOM killer ends it. */
static long mode_oom(void)
{
	char procs[512];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", arg);
	long n = 0;
	while (now() - start_time < seconds_arg && n < 200) {
		pid_t pid = fork();
		if (pid == 0) {
			FILE *f = fopen(procs, "w");
			if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f))
				_exit(3);
			for (int k = 0; k < 64; k++) { /* at most 1 GiB: the cgroup's limit is far below */
				char *p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (p == MAP_FAILED)
					_exit(4);
				memset(p, 1, 16 << 20);
			}
			_exit(5);
		}
		int status;
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			die("fork");
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			n++;
		else
			die("the child was not OOM-killed");
	}
	return n;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		long (*run)(void);
		int needs_arg;
	} modes[] = {
		{ "open", mode_open },	   { "exec", mode_exec },     { "signal", mode_signal },	  { "tcp", mode_tcp },
		{ "bind", mode_bind },	   { "reset", mode_reset },   { "retrans", mode_retrans },  { "fileio", mode_fileio, 1 },
		{ "block", mode_block, 1 }, { "dns", mode_dns, 1 },    { "sni", mode_sni },	  { "cpu", mode_cpu },
		{ "sched", mode_sched },   { "malloc", mode_malloc }, { "caps", mode_caps },	  { "mount", mode_mount, 1 },
		{ "syscalls", mode_syscalls }, { "oom", mode_oom, 1 },
	};
	if (argc < 3)
		goto usage;
	seconds_arg = atof(argv[2]);
	if (!(seconds_arg > 0 && seconds_arg <= 30)) {
		fprintf(stderr, "costload: SECONDS must be in (0, 30]\n");
		return 2;
	}
	arg = argc > 3 ? argv[3] : NULL;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(argv[1], modes[i].name))
			continue;
		if (modes[i].needs_arg && !arg)
			goto usage;
		start_time = now();
		long ops = modes[i].run();
		double elapsed = now() - start_time;
		printf("{\"mode\":\"%s\",\"ops\":%ld,\"seconds\":%.3f,\"opsPerSec\":%.1f}\n", argv[1], ops, elapsed, ops / elapsed);
		return 0;
	}
usage:
	fprintf(stderr, "usage: costload MODE SECONDS [ARG] (modes: open exec signal tcp bind reset retrans fileio FILE block FILE\n"
			"  dns PORT sni cpu sched malloc caps mount DIR syscalls oom CGROUP)\n");
	return 2;
}
