/*
 * runner: time one command precisely, for `make bench`.
 *
 *   runner COMMAND [ARG...]
 *
 * Runs COMMAND (fork + execvp) with stdin, stdout and stderr on /dev/null and
 * prints one line:
 *
 *   wall_seconds max_rss_kb exit_code user_seconds sys_seconds
 *
 * wall_seconds: clock_gettime(CLOCK_MONOTONIC) from just before fork() to
 *               just after wait4() returned;
 * max_rss_kb:   ru_maxrss of the child as reported by wait4() (peak resident
 *               set, in KB, of the child and any children it waited for);
 * exit_code:    the child's exit status, or 128+N if killed by signal N
 *               (127 if the command could not be executed).
 *
 * runner itself exits 0 when it could run and measure the command (whatever
 * the command's exit status), 2 on a usage or system error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static double tv_sec(const struct timeval *t)
{
	return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fprintf(stderr, "usage: runner COMMAND [ARG...]\n"
				"prints: wall_seconds max_rss_kb exit_code user_seconds sys_seconds\n");
		return 2;
	}

	/* Open /dev/null before timing starts. */
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0) {
		fprintf(stderr, "runner: /dev/null: %s\n", strerror(errno));
		return 2;
	}
	fflush(stdout);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "runner: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		/* keep a way to report an exec failure; closed by a successful exec */
		int err = fcntl(2, F_DUPFD_CLOEXEC, 3);
		if (dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(devnull, 2) < 0)
			_exit(127);
		execvp(argv[1], argv + 1);
		if (err >= 0)
			dprintf(err, "runner: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}

	int status;
	struct rusage ru;
	pid_t w;
	do
		w = wait4(pid, &status, 0, &ru);
	while (w < 0 && errno == EINTR);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (w < 0) {
		fprintf(stderr, "runner: wait4: %s\n", strerror(errno));
		return 2;
	}
	close(devnull);

	int code;
	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 255;

	printf("%.6f %ld %d %.6f %.6f\n", ts_diff(&t0, &t1), (long)ru.ru_maxrss, code,
	       tv_sec(&ru.ru_utime), tv_sec(&ru.ru_stime));
	return 0;
}
