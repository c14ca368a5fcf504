/* The program profiled for the flame graph in the docs: it reads, parses and
 * hashes in a loop, so its profile has user-space branches and the kernel
 * frames of read(2). Built with frame pointers (see make-example.sh). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static volatile unsigned long sink;
static char buf[256 * 1024];

__attribute__((noinline)) void parse_input(void) { for (int i = 0; i < 3000000; i++) sink += i * 7; }
__attribute__((noinline)) void mix_round(void) { for (int i = 0; i < 1000000; i++) sink ^= sink << 3 | i; }
__attribute__((noinline)) void compute_hash(void) { for (int r = 0; r < 2; r++) mix_round(); }
__attribute__((noinline)) void read_input(int fd) { for (int i = 0; i < 40; i++) read(fd, buf, sizeof buf); }

__attribute__((noinline)) void handle_request(int fd)
{
	read_input(fd);
	parse_input();
	compute_hash();
}

int main(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	printf("%d\n", getpid());
	fflush(stdout);
	for (;;)
		handle_request(fd);
}
