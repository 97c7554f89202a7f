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
 * Creates "<path>.tmp-<pid>-<n>" with O_EXCL (never through a planted
 * symbolic link, never over another file), trying n = 0, 1, ... past
 * leftovers.  New files get 0666 less the umask, as open(2) gives, without
 * reading the umask.  The fd, or -1 (errno) with *tmp released.
 */
static int create_beside(struct ap_buf *tmp, const char *path, mode_t mode)
{
	unsigned n;

	for (n = 0; n < 100; n++) {
		int fd;

		tmp->len = 0;
		if (ap_buf_addf(tmp, "%s.tmp-%ld-%u", path, (long)getpid(), n) != AP_OK) {
			errno = ENOMEM;
			break;
		}
		fd = open(tmp->ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	ap_buf_release(tmp);
	return -1;
}

int ap_file_stage(struct ap_staged_file *st, const char *path,
		  const void *data, size_t len, struct ap_error *err)
{
	struct ap_buf tmp = AP_BUF_INIT;
	const char *p = data;
	struct stat sb;
	int keep_mode = 0, fd = -1, ret = AP_OK;
	mode_t mode = 0;

	st->tmp = NULL;
	if (stat(path, &sb) == 0) {
		/* found now, not by the rename after the others are in place */
		if (S_ISDIR(sb.st_mode))
			return ap_error_set_at(err, AP_EIO, path, 0, 0,
					       "cannot write '%s': it is a directory", path);
		mode = sb.st_mode & 07777;
		keep_mode = 1;
	}
	fd = create_beside(&tmp, path, keep_mode ? 0600 : 0666);
	if (fd < 0) {
		int saved = errno;

		ret = saved == ENOMEM ? ap_error_set(err, AP_ENOMEM, "out of memory")
		      : ap_error_set_at(err, AP_EIO, path, 0, 0,
					"cannot create a temporary file beside '%s': %s",
					path, strerror(saved));
		goto done;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto io_error;
		p += n;
		len -= (size_t)n;
	}
	if ((keep_mode && fchmod(fd, mode) != 0) || fsync(fd) != 0)
		goto io_error;
	if (close(fd) != 0) {
		fd = -1;
		goto io_error;
	}
	fd = -1;
	st->tmp = tmp.ptr; /* handed over */
	tmp.ptr = NULL;
	goto done;
io_error:
	ret = ap_error_set_at(err, AP_EIO, path, 0, 0, "cannot write '%s': %s",
			      tmp.ptr, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	if (tmp.ptr != NULL)
		unlink(tmp.ptr);
	ap_buf_release(&tmp);
	return ret;
}

int ap_file_commit(struct ap_staged_file *st, const char *path,
		   struct ap_error *err)
{
	int ret = AP_OK;

	if (st->tmp == NULL)
		return ap_error_set_at(err, AP_EIO, path, 0, 0, "'%s': nothing staged", path);
	if (rename(st->tmp, path) != 0)
		ret = ap_error_set_at(err, AP_EIO, path, 0, 0, "cannot replace '%s': %s",
				      path, strerror(errno));
	else {
		ap_free(st->tmp); /* in place: nothing to remove */
		st->tmp = NULL;
	}
	ap_file_discard(st);
	return ret;
}

void ap_file_discard(struct ap_staged_file *st)
{
	if (st->tmp != NULL) {
		unlink(st->tmp);
		ap_free(st->tmp);
		st->tmp = NULL;
	}
}

int ap_file_write_atomic(const char *path, const void *data, size_t len,
			 struct ap_error *err)
{
	struct ap_staged_file st = AP_STAGED_FILE_INIT;
	int rc = ap_file_stage(&st, path, data, len, err);

	return rc == AP_OK ? ap_file_commit(&st, path, err) : rc;
}
