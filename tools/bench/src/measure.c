// Runs a command and reports its CPU time and peak RSS (wait4 rusage) as one JSON line on
// stderr: {"userSec":..,"sysSec":..,"maxRssKb":..,"exit":..}. SIGINT/SIGTERM are passed on.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARGS...]\n");
		return 2;
	}
	child = fork();
	if (child == 0) {
		execvp(argv[1], argv + 1);
		perror("measure: exec");
		_exit(127);
	}
	struct sigaction sa = { .sa_handler = forward };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int status = 0;
	struct rusage ru;
	while (wait4(child, &status, 0, &ru) < 0)
		;
	fprintf(stderr, "{\"userSec\":%.3f,\"sysSec\":%.3f,\"maxRssKb\":%ld,\"exit\":%d}\n",
		ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, ru.ru_maxrss,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
