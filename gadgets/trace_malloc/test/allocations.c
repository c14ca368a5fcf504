/* Makes allocations of known sizes once told to, and says where they went:
 * malloc(12345), calloc(7, 1000), realloc of the first to 54321, then frees
 * both. Waits for a line on stdin first, so a tracer can attach to its pid. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char line[16];
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin))
		return 1;
	void *m = malloc(12345);
	void *c = calloc(7, 1000);
	unsigned long first = (unsigned long)m;
	void *r = realloc(m, 54321);
	printf("malloc %lu calloc %lu realloc %lu\n", first, (unsigned long)c, (unsigned long)r);
	fflush(stdout);
	free(c);
	free(r);
	return 0;
}
