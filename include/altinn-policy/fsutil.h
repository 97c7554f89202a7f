/* File-system helpers the command line needs: capped reads, atomic
 * writes, a loop-safe directory walk. */
#ifndef ALTINN_POLICY_FSUTIL_H
#define ALTINN_POLICY_FSUTIL_H

#include "altinn-policy/common.h"

/*
 * Reads the whole file (or stdin when path is "-") into *out (caller owns
 * it, free with free()), NUL-terminated, *len without the NUL.  More than
 * max bytes gives AP_ETOOBIG without reading the rest.  Errors: AP_EIO
 * (err has the file name and strerror), AP_ETOOBIG, AP_ENOMEM.
 */
AP_NODISCARD int ap_file_read(char **out, size_t *len, const char *path,
			      size_t max, struct ap_error *err);

/*
 * Writes len bytes to path atomically: a temporary file in the same
 * directory, fsync, rename.  The previous file's mode is kept.  Errors:
 * AP_EIO.
 */
AP_NODISCARD int ap_file_write_atomic(const char *path, const void *data,
				      size_t len, struct ap_error *err);

/*
 * Atomic writes in a batch (what `generate` does for thousands of files):
 * stage every file (written and fsynced beside its destination, on several
 * threads), then commit every file.  Each path ends old or new, never
 * partial, as with ap_file_write_atomic, and a file that cannot be staged
 * can stop the batch before any file is put in place.
 */
struct ap_staged_file {
	char *tmp; /* the temporary file beside the destination (owned), NULL
		      when nothing is staged */
};
#define AP_STAGED_FILE_INIT {NULL}

/* Writes len bytes to a new temporary file beside path (mode: path's when
 * it exists, else 0666 less the umask), fsyncs it and fills *st.
 * A directory at path is refused here, not at commit.  On error nothing is
 * left behind.  Errors: AP_EIO, AP_ENOMEM. */
AP_NODISCARD int ap_file_stage(struct ap_staged_file *st, const char *path,
			       const void *data, size_t len, struct ap_error *err);

/* Renames the staged file over path and releases *st; on failure the
 * temporary file is removed.  Errors: AP_EIO. */
AP_NODISCARD int ap_file_commit(struct ap_staged_file *st, const char *path,
				struct ap_error *err);

/* Removes the staged file, if any, and releases *st.  Idempotent. */
void ap_file_discard(struct ap_staged_file *st);

/* Sorted list of paths; AP_PATH_LIST_INIT, release with _release. */
struct ap_path_list {
	char **items;
	size_t count;
	size_t alloc;
};
#define AP_PATH_LIST_INIT {NULL, 0, 0}
void ap_path_list_release(struct ap_path_list *l);
/* Appends a copy of path.  AP_OK or AP_ENOMEM. */
AP_NODISCARD int ap_path_list_add(struct ap_path_list *l, const char *path);
/* Sorts by byte order and drops duplicates. */
void ap_path_list_sort_unique(struct ap_path_list *l);
/* 1 if a and b hold the same strings in the same order, else 0. */
int ap_path_list_equal(const struct ap_path_list *a, const struct ap_path_list *b);

/*
 * Appends to out every regular file below dir whose name ends in suffix,
 * sorted by path, following no symbolic link to a directory already being
 * walked (loops are skipped).  Hidden entries (".git") are skipped.
 * Errors: AP_EIO (dir unreadable), AP_ENOMEM.
 */
AP_NODISCARD int ap_walk_dir(struct ap_path_list *out, const char *dir,
			     const char *suffix, struct ap_error *err);

/* 1 if path is a directory, 0 if not, AP_EIO (err filled) if stat fails. */
int ap_path_is_dir(const char *path, struct ap_error *err);

#endif
