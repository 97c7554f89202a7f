/*
 * A scripted HTTP/1.1 server on 127.0.0.1 for the unit tests of the HTTP
 * engine and the token source (header-only: included by test_http.c and
 * test_auth.c).  Each connection gets a thread; each request is answered
 * by the handler the test installed, which sees the raw request.
 */
#ifndef AP_TEST_MINI_HTTPD_H
#define AP_TEST_MINI_HTTPD_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct mh_request {
	char method[16];
	char path[512];
	char *headers; /* raw header block */
	char *body;
	size_t body_len;
	int index;     /* 0, 1, 2, ... in arrival order */
};

/* What to answer: status, extra header lines ("Name: v\r\n"...), body.
 * close_early: drop the connection without answering (a reset). */
struct mh_response {
	int status;
	char headers[512];
	char body[4096];
	int close_early;
	int delay_ms;
};

typedef void (*mh_handler)(void *ctx, const struct mh_request *req,
			   struct mh_response *resp);

struct mh_server {
	int fd;
	int port;
	pthread_t thread;
	mh_handler handler;
	void *ctx;
	pthread_mutex_t lock;
	int count;          /* requests seen */
	int in_flight, max_in_flight;
	char base[64];
};

/* The end of the header block in buf[0, len), or NULL. */
static inline char *mh_find_end(char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i++)
		if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
			return buf + i;
	return NULL;
}

struct mh_conn {
	struct mh_server *s;
	int fd;
};

/* A header's value in a raw header block (case-insensitive name), copied
 * into out; "" when absent. */
static inline void mh_header(const char *headers, const char *name, char *out,
			     size_t cap)
{
	const char *p = headers;
	size_t n = strlen(name);

	out[0] = '\0';
	while (p != NULL && *p) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *e;

			while (*v == ' ')
				v++;
			e = strstr(v, "\r\n");
			n = e ? (size_t)(e - v) : strlen(v);
			if (n >= cap)
				n = cap - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return;
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
}

static inline void *mh_conn_main(void *arg)
{
	struct mh_conn *c = arg;
	struct mh_server *s = c->s;
	char *buf = malloc(1 << 20);
	size_t len = 0;

	for (;;) {
		struct mh_request req;
		struct mh_response resp;
		char *hend, cl[32], out[8192];
		size_t need, hlen;
		ssize_t r;
		int n;

		while ((hend = mh_find_end(buf, len)) == NULL) {
			r = recv(c->fd, buf + len, (1 << 20) - len - 1, 0);
			if (r <= 0)
				goto out;
			len += (size_t)r;
		}
		hlen = (size_t)(hend - buf) + 4;
		buf[hlen - 2] = '\0';
		mh_header(strstr(buf, "\r\n") + 2, "Content-Length", cl, sizeof(cl));
		need = hlen + (size_t)strtoul(cl[0] ? cl : "0", NULL, 10);
		while (len < need) {
			r = recv(c->fd, buf + len, (1 << 20) - len - 1, 0);
			if (r <= 0)
				goto out;
			len += (size_t)r;
		}
		memset(&req, 0, sizeof(req));
		sscanf(buf, "%15s %511s", req.method, req.path);
		req.headers = strstr(buf, "\r\n") + 2;
		req.body = buf + hlen;
		req.body_len = need - hlen;
		pthread_mutex_lock(&s->lock);
		req.index = s->count++;
		if (++s->in_flight > s->max_in_flight)
			s->max_in_flight = s->in_flight;
		pthread_mutex_unlock(&s->lock);
		memset(&resp, 0, sizeof(resp));
		resp.status = 200;
		s->handler(s->ctx, &req, &resp);
		if (resp.delay_ms)
			usleep((useconds_t)resp.delay_ms * 1000);
		pthread_mutex_lock(&s->lock);
		s->in_flight--;
		pthread_mutex_unlock(&s->lock);
		if (resp.close_early)
			goto out;
		n = snprintf(out, sizeof(out), "HTTP/1.1 %d X\r\nContent-Length: %zu\r\n%s\r\n%s", resp.status,
			     strlen(resp.body), resp.headers, resp.body);
		if (send(c->fd, out, (size_t)n, MSG_NOSIGNAL) < 0)
			goto out;
		memmove(buf, buf + need, len - need);
		len -= need;
	}
out:
	close(c->fd);
	free(buf);
	free(c);
	return NULL;
}

static inline void *mh_accept_main(void *arg)
{
	struct mh_server *s = arg;

	for (;;) {
		int fd = accept(s->fd, NULL, NULL);
		struct mh_conn *c;
		pthread_t t;

		if (fd < 0)
			return NULL;
		c = malloc(sizeof(*c));
		c->s = s;
		c->fd = fd;
		pthread_create(&t, NULL, mh_conn_main, c);
		pthread_detach(t);
	}
}

/* Starts a server on a free loopback port. */
static inline void mh_start(struct mh_server *s, mh_handler h, void *ctx)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->handler = h;
	s->ctx = ctx;
	pthread_mutex_init(&s->lock, NULL);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s->fd, (struct sockaddr *)&a, sizeof(a));
	listen(s->fd, 64);
	getsockname(s->fd, (struct sockaddr *)&a, &alen);
	s->port = ntohs(a.sin_port);
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	pthread_create(&s->thread, NULL, mh_accept_main, s);
}

/* Stops accepting (connections still open finish on their own). */
static inline void mh_stop(struct mh_server *s)
{
	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	pthread_join(s->thread, NULL);
	usleep(20000);
}

#endif
