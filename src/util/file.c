/* Capped reads and atomic writes. */
#include "internal.h"
#include "altinn-policy/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_fd(char **out, size_t *len, int fd, const char *name,
		   size_t max, struct ap_error *err)
{
	struct ap_buf b = AP_BUF_INIT;
	struct stat st;
	size_t chunk = 65536;
	int ret = AP_OK;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			ret = ap_error_set_at(err, AP_ETOOBIG, name, 0, 0,
					      "file is %jd bytes, over the limit of %zu",
					      (intmax_t)st.st_size, max);
			goto done;
		}
		if (st.st_size > 0)
			chunk = (size_t)st.st_size + 1;
	} else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		ret = ap_error_set_at(err, AP_EIO, name, 0, 0,
				      "cannot read '%s': is a directory", name);
		goto done;
	}
	for (;;) {
		ssize_t n;

		if (ap_buf_grow(&b, chunk) != AP_OK) {
			ret = ap_error_set(err, AP_ENOMEM, "out of memory reading '%s'", name);
			goto done;
		}
		n = read(fd, b.ptr + b.len, b.alloc - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = ap_error_set_at(err, AP_EIO, name, 0, 0,
					      "cannot read '%s': %s", name,
					      strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.ptr[b.len] = '\0';
		if (b.len > max) {
			ret = ap_error_set_at(err, AP_ETOOBIG, name, 0, 0,
					      "file is over the limit of %zu bytes", max);
			goto done;
		}
		chunk = b.len < 65536 ? 65536 : b.len;
	}
	if (b.ptr == NULL && ap_buf_grow(&b, 0) != AP_OK) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	b.ptr[b.len] = '\0';
	*len = b.len;
	*out = ap_buf_detach(&b, NULL);
done:
	ap_buf_release(&b);
	return ret;
}

int ap_file_read(char **out, size_t *len, const char *path, size_t max,
		 struct ap_error *err)
{
	int fd, ret;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		return read_fd(out, len, STDIN_FILENO, "<stdin>", max, err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ap_error_set_at(err, AP_EIO, path, 0, 0,
				       "cannot open '%s': %s", path,
				       strerror(errno));
	ret = read_fd(out, len, fd, path, max, err);
	close(fd);
	return ret;
}

/*
 * The process umask, read without changing it (umask(2) can only set it,
 * which would race with other threads): Linux reports it in
 * /proc/self/status; elsewhere assume the common 022.
 */
static mode_t current_umask(void)
{
	char line[128];
	mode_t um = 022;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return um;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "Umask:", 6) == 0) {
			um = (mode_t)strtoul(line + 6, NULL, 8);
			break;
		}
	}
	fclose(f);
	return um;
}

int ap_file_write_atomic(const char *path, const void *data, size_t len,
			 struct ap_error *err)
{
	struct ap_buf tmp = AP_BUF_INIT;
	const char *p = data;
	struct stat st;
	int keep_mode = 0, fd = -1, ret = AP_OK;
	mode_t mode = 0;

	if (stat(path, &st) == 0) {
		mode = st.st_mode & 07777;
		keep_mode = 1;
	}
	if (ap_buf_addf(&tmp, "%s.tmp-XXXXXX", path) != AP_OK) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	fd = mkstemp(tmp.ptr);
	if (fd >= 0 && !keep_mode)
		mode = 0666 & ~current_umask(); /* what open(2) would give */
	if (fd < 0) {
		ret = ap_error_set_at(err, AP_EIO, path, 0, 0,
				      "cannot create a temporary file beside '%s': %s",
				      path, strerror(errno));
		goto done;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = ap_error_set_at(err, AP_EIO, path, 0, 0,
					      "cannot write '%s': %s", tmp.ptr,
					      strerror(errno));
			goto done;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		ret = ap_error_set_at(err, AP_EIO, path, 0, 0,
				      "cannot write '%s': %s", tmp.ptr,
				      strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		ret = ap_error_set_at(err, AP_EIO, path, 0, 0,
				      "cannot write '%s': %s", tmp.ptr,
				      strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0) {
		ret = ap_error_set_at(err, AP_EIO, path, 0, 0,
				      "cannot replace '%s': %s", path,
				      strerror(errno));
		goto done;
	}
	ap_buf_release(&tmp);
done:
	if (fd >= 0)
		close(fd);
	if (tmp.ptr != NULL)
		unlink(tmp.ptr);
	ap_buf_release(&tmp);
	return ret;
}
