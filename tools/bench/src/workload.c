// Workload for the tracer benchmarks.
//   workload open THREADS SECONDS PATH   threads doing open()+close() of PATH
//   workload exec THREADS SECONDS        threads doing fork()+exec(/bin/true)+wait()
// Prints one JSON line: {"mode":..., "ops":N, "seconds":S, "opsPerSec":R}
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static atomic_long total;
static atomic_int stop;
static const char *path;
static int exec_mode;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	(void)arg;
	long n = 0;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		if (exec_mode) {
			pid_t pid = fork();
			if (pid == 0) {
				execl("/bin/true", "true", "bench", (char *)NULL);
				_exit(127);
			}
			if (pid > 0)
				waitpid(pid, NULL, 0);
		} else {
			int fd = open(path, O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		n++;
	}
	atomic_fetch_add(&total, n);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 4 || (strcmp(argv[1], "open") && strcmp(argv[1], "exec")) || (!strcmp(argv[1], "open") && argc < 5)) {
		fprintf(stderr, "usage: workload open THREADS SECONDS PATH | workload exec THREADS SECONDS\n");
		return 2;
	}
	exec_mode = !strcmp(argv[1], "exec");
	int threads = atoi(argv[2]);
	double seconds = atof(argv[3]);
	path = exec_mode ? NULL : argv[4];
	pthread_t t[64];
	if (threads < 1 || threads > 64) {
		fprintf(stderr, "workload: THREADS must be 1..64\n");
		return 2;
	}
	double start = now();
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	struct timespec d = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) };
	nanosleep(&d, NULL);
	atomic_store(&stop, 1);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	double elapsed = now() - start;
	printf("{\"mode\":\"%s\",\"ops\":%ld,\"seconds\":%.3f,\"opsPerSec\":%.0f}\n", argv[1], atomic_load(&total), elapsed,
	       atomic_load(&total) / elapsed);
	return 0;
}
