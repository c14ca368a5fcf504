// Scale fixture for snapshot_process: forks COUNT sleeping children (at most 20,000),
// prints "ready COUNT" on stdout, and waits until stdin closes or SECONDS pass (at most 300);
// then kills and reaps every child. Children also die on their own: SIGKILL when this
// process dies (PR_SET_PDEATHSIG), and an alarm after SECONDS.
//   forkmany COUNT SECONDS
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long count = argc == 3 ? atol(argv[1]) : 0;
	int seconds = argc == 3 ? atoi(argv[2]) : 0;
	if (count < 1 || count > 20000 || seconds < 1 || seconds > 300) {
		fprintf(stderr, "usage: forkmany COUNT SECONDS (COUNT 1..20000, SECONDS 1..300)\n");
		return 2;
	}
	pid_t *kids = calloc(count, sizeof(pid_t));
	long made = 0;
	for (; made < count; made++) {
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			alarm(seconds);
			for (;;)
				pause();
		}
		if (pid < 0) {
			perror("forkmany: fork");
			break;
		}
		kids[made] = pid;
	}
	printf("ready %ld\n", made);
	fflush(stdout);
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char b[64];
	// stdin closing (or anything written to it) ends the wait
	if (made == count && poll(&p, 1, seconds * 1000) > 0)
		(void)read(0, b, sizeof(b));
	for (long i = 0; i < made; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < made; i++)
		waitpid(kids[i], NULL, 0);
	return made == count ? 0 : 1;
}
