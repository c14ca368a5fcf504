// TLS workload for trace_ssl's cost (costs.mjs): a client and a server thread over a
// socketpair, linked with the host's libssl; the client SSL_writes 64 bytes and the server
// SSL_reads them, for SECONDS (at most 30).
//   sslload SECONDS CERT.pem KEY.pem
// Prints one JSON line: {"mode":"ssl","ops":N,"seconds":S,"opsPerSec":R}
#define _GNU_SOURCE
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static SSL *server;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *serve(void *p)
{
	(void)p;
	char b[64];
	if (SSL_accept(server) != 1)
		return NULL;
	while (SSL_read(server, b, sizeof(b)) > 0)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	double seconds = argc == 4 ? atof(argv[1]) : 0;
	if (!(seconds > 0 && seconds <= 30)) {
		fprintf(stderr, "usage: sslload SECONDS CERT.pem KEY.pem (SECONDS in (0, 30])\n");
		return 2;
	}
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("sslload: socketpair");
		return 1;
	}
	SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
	if (!sctx || !cctx || SSL_CTX_use_certificate_file(sctx, argv[2], SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_use_PrivateKey_file(sctx, argv[3], SSL_FILETYPE_PEM) != 1) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	server = SSL_new(sctx);
	SSL *client = SSL_new(cctx);
	SSL_set_fd(server, sv[0]);
	SSL_set_fd(client, sv[1]);
	pthread_t t;
	pthread_create(&t, NULL, serve, NULL);
	if (SSL_connect(client) != 1) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	char msg[64] = "GET /costs HTTP/1.1\r\nHost: bench.example\r\n\r\n";
	double start = now();
	long n = 0;
	while (now() - start < seconds) {
		if (SSL_write(client, msg, sizeof(msg)) != sizeof(msg)) {
			ERR_print_errors_fp(stderr);
			return 1;
		}
		n++;
	}
	SSL_shutdown(client);
	shutdown(sv[1], SHUT_RDWR);
	pthread_join(t, NULL);
	double elapsed = now() - start;
	printf("{\"mode\":\"ssl\",\"ops\":%ld,\"seconds\":%.3f,\"opsPerSec\":%.1f}\n", n, elapsed, n / elapsed);
	return 0;
}
