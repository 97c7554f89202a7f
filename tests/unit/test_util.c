/*
 * Utilities: ap_buf, the arena, ap_error, capped reads, atomic writes,
 * the directory walk, path lists and the finding list.
 */
#include "harness.h"

#include "util/arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- ap_buf ----------------------------------------------------------- */

static void test_util_buf_basics(void **state)
{
	struct ap_buf b = AP_BUF_INIT;
	char big[300];
	char *s;
	size_t len, alloc;

	(void)state;
	assert_int_equal(ap_buf_add(&b, "ab", 2), AP_OK);
	assert_int_equal(ap_buf_addch(&b, 'c'), AP_OK);
	assert_int_equal(ap_buf_adds(&b, "de"), AP_OK);
	assert_int_equal(ap_buf_addf(&b, "-%d-%s", 42, "x"), AP_OK);
	assert_string_equal(b.ptr, "abcde-42-x");
	assert_int_equal(b.len, 10);
	assert_true(b.alloc > b.len); /* room for the NUL */
	/* a formatted addition longer than the first allocation */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(ap_buf_addf(&b, "[%s]", big), AP_OK);
	assert_int_equal(b.len, 10 + 2 + 299);
	assert_int_equal(b.ptr[b.len], '\0');
	assert_int_equal(b.ptr[11], 'y');
	assert_int_equal(b.ptr[b.len - 1], ']');
	/* embedded NUL bytes are data */
	assert_int_equal(ap_buf_add(&b, "\0z", 2), AP_OK);
	assert_int_equal(b.len, 313);
	assert_int_equal(b.ptr[311], '\0');
	assert_int_equal(b.ptr[312], 'z');
	/* reset keeps the memory */
	alloc = b.alloc;
	ap_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, alloc);
	assert_string_equal(b.ptr, "");
	assert_int_equal(ap_buf_adds(&b, "q"), AP_OK);
	s = ap_buf_detach(&b, &len);
	assert_string_equal(s, "q");
	assert_int_equal(len, 1);
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	free(s);
	/* detaching an empty buffer still gives a string */
	s = ap_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	ap_buf_release(&b);
	ap_buf_release(NULL);
	/* adding nothing to an empty buffer */
	assert_int_equal(ap_buf_add(&b, "", 0), AP_OK);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	ap_buf_release(&b);
	assert_null(b.ptr);
}

static void test_util_buf_failure_leaves_it_unchanged(void **state)
{
	struct ap_buf b = AP_BUF_INIT;

	(void)state;
	assert_int_equal(ap_buf_adds(&b, "keep"), AP_OK);
	/* a size that cannot be represented */
	assert_int_equal(ap_buf_grow(&b, SIZE_MAX), AP_ENOMEM);
	assert_int_equal(ap_buf_add(&b, "x", SIZE_MAX - 2), AP_ENOMEM);
	assert_string_equal(b.ptr, "keep");
	assert_int_equal(b.len, 4);
	/* an allocation failure */
	h_alloc_fail_at(1);
	assert_int_equal(ap_buf_add(&b, "0123456789012345678901234567890123456789"
				    "0123456789012345678901234567890123456789", 80), AP_ENOMEM);
	h_alloc_fail_at(1);
	assert_int_equal(ap_buf_addf(&b, "%0200d", 1), AP_ENOMEM);
	h_alloc_off();
	assert_string_equal(b.ptr, "keep");
	assert_int_equal(b.len, 4);
	ap_buf_release(&b);
}

/* ---- arena ------------------------------------------------------------ */

static void test_util_arena(void **state)
{
	struct ap_arena a = AP_ARENA_INIT;
	char *first, *p;
	size_t i;

	(void)state;
	first = ap_arena_alloc(&a, 1);
	assert_non_null(first);
	for (i = 1; i < 5000; i++) {
		p = ap_arena_alloc(&a, i % 97 + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xab, i % 97 + 1);
	}
	/* bigger than any chunk */
	p = ap_arena_alloc(&a, 3u << 20);
	assert_non_null(p);
	memset(p, 0, 3u << 20);
	p = ap_arena_calloc(&a, 64);
	for (i = 0; i < 64; i++)
		assert_int_equal(p[i], 0);
	p = ap_arena_strndup(&a, "hello world", 5);
	assert_string_equal(p, "hello");
	p = ap_arena_alloc(&a, 0);
	assert_non_null(p);
	ap_arena_release(&a);
	assert_null(a.head);
	/* usable again after release */
	assert_non_null(ap_arena_alloc(&a, 8));
	ap_arena_release(&a);
	ap_arena_release(&a);
	/* failure: NULL, nothing leaked */
	h_alloc_fail_at(1);
	assert_null(ap_arena_alloc(&a, 8));
	h_alloc_fail_at(1);
	assert_null(ap_arena_strndup(&a, "x", 1));
	ap_arena_release(&a);
	assert_int_equal(h_alloc_live(), 0);
	h_alloc_off();
}

/* A size that cannot be rounded up to the alignment is refused, not
 * wrapped to a tiny block. */
static void test_util_arena_size_overflow(void **state)
{
	struct ap_arena a = AP_ARENA_INIT;
	void *p;

	(void)state;
	p = ap_arena_alloc(&a, SIZE_MAX);
	ap_arena_release(&a);
	assert_null(p);
	p = ap_arena_alloc(&a, SIZE_MAX - 3);
	ap_arena_release(&a);
	assert_null(p);
}

/* ---- ap_error --------------------------------------------------------- */

static void test_util_error(void **state)
{
	struct ap_error e = AP_ERROR_INIT;
	char long_arg[3000];

	(void)state;
	assert_int_equal(ap_error_set_at(&e, AP_EIO, "f.xml", 3, 4, "cannot read '%s': %s",
					 "f.xml", "gone"), AP_EIO);
	assert_int_equal(e.code, AP_EIO);
	assert_string_equal(e.message, "cannot read 'f.xml': gone");
	assert_string_equal(e.file, "f.xml");
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 4);
	/* a plain set forgets the old location */
	assert_int_equal(ap_error_set(&e, AP_ENOMEM, "out of memory"), AP_ENOMEM);
	assert_string_equal(e.file, "");
	assert_int_equal(e.line, 0);
	assert_int_equal(e.col, 0);
	assert_string_equal(e.message, "out of memory");
	/* truncated, never overflowing */
	memset(long_arg, 'm', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	assert_int_equal(ap_error_set_at(&e, AP_EINVALID, long_arg, 1, 1, "%s", long_arg),
			 AP_EINVALID);
	assert_int_equal(strlen(e.message), sizeof(e.message) - 1);
	assert_int_equal(strlen(e.file), sizeof(e.file) - 1);
	ap_error_clear(&e);
	assert_int_equal(e.code, AP_OK);
	assert_string_equal(e.message, "");
	assert_string_equal(e.file, "");
	/* NULL is accepted everywhere */
	assert_int_equal(ap_error_set(NULL, AP_EIO, "x"), AP_EIO);
	assert_int_equal(ap_error_set_at(NULL, AP_EIO, "f", 1, 1, "x"), AP_EIO);
	ap_error_clear(NULL);
}

/* ---- ap_file_read ----------------------------------------------------- */

static void test_util_file_read(void **state)
{
	struct ap_error e = AP_ERROR_INIT;
	char *dir = h_mkdtemp(), *f = h_join(dir, "p.xml"), *empty = h_join(dir, "e.xml");
	char *missing = h_join(dir, "missing.xml"), *out = (char *)dir;
	size_t len = 99;

	(void)state;
	h_write_file(f, "0123456789", 10);
	h_write_file(empty, "", 0);
	assert_int_equal(ap_file_read(&out, &len, f, 100, &e), AP_OK);
	assert_int_equal(len, 10);
	assert_string_equal(out, "0123456789");
	free(out);
	/* exactly at the cap */
	assert_int_equal(ap_file_read(&out, &len, f, 10, &e), AP_OK);
	assert_int_equal(len, 10);
	free(out);
	/* over the cap */
	assert_int_equal(ap_file_read(&out, &len, f, 9, &e), AP_ETOOBIG);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(e.code, AP_ETOOBIG);
	assert_string_equal(e.file, f);
	assert_non_null(strstr(e.message, "limit"));
	/* empty file: an empty string, not NULL */
	assert_int_equal(ap_file_read(&out, &len, empty, 10, &e), AP_OK);
	assert_non_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	/* a device that is not a regular file is read to its end */
	assert_int_equal(ap_file_read(&out, &len, "/dev/null", 10, &e), AP_OK);
	assert_int_equal(len, 0);
	free(out);
	/* missing: EIO with the name and the reason */
	assert_int_equal(ap_file_read(&out, &len, missing, 10, &e), AP_EIO);
	assert_null(out);
	assert_string_equal(e.file, missing);
	assert_non_null(strstr(e.message, "missing.xml"));
	assert_non_null(strstr(e.message, strerror(ENOENT)));
	/* a directory */
	assert_int_equal(ap_file_read(&out, &len, dir, 10, &e), AP_EIO);
	assert_null(out);
	assert_non_null(strstr(e.message, "directory"));
	h_rmtree(dir);
	free(dir);
	free(f);
	free(empty);
	free(missing);
}

/* ---- ap_file_write_atomic --------------------------------------------- */

/* Names in dir other than keep. */
static size_t others_in(const char *dir, const char *keep)
{
	struct ap_path_list l = AP_PATH_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	size_t i, n = 0;

	assert_int_equal(ap_walk_dir(&l, dir, "", &e), AP_OK);
	for (i = 0; i < l.count; i++) {
		const char *base = strrchr(l.items[i], '/');

		if (strcmp(base ? base + 1 : l.items[i], keep) != 0) {
			print_error("  left behind: %s\n", l.items[i]);
			n++;
		}
	}
	ap_path_list_release(&l);
	return n;
}

static void test_util_file_write_atomic(void **state)
{
	struct ap_error e = AP_ERROR_INIT;
	char *dir = h_mkdtemp(), *f = h_join(dir, "out.xml"), *got;
	char *nodir = h_join(dir, "no/such/dir/out.xml");
	struct stat st;
	size_t len;

	(void)state;
	/* a new file */
	assert_int_equal(ap_file_write_atomic(f, "first version\n", 14, &e), AP_OK);
	got = h_read_file(f, &len);
	assert_int_equal(len, 14);
	assert_string_equal(got, "first version\n");
	free(got);
	assert_int_equal(others_in(dir, "out.xml"), 0);
	/* replacing keeps the mode */
	assert_int_equal(chmod(f, 0600), 0);
	assert_int_equal(ap_file_write_atomic(f, "2", 1, &e), AP_OK);
	assert_int_equal(stat(f, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	got = h_read_file(f, &len);
	assert_string_equal(got, "2");
	free(got);
	assert_int_equal(chmod(f, 0751), 0);
	assert_int_equal(ap_file_write_atomic(f, "", 0, &e), AP_OK);
	assert_int_equal(stat(f, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0751);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(others_in(dir, "out.xml"), 0);
	/* binary content with NUL bytes */
	assert_int_equal(ap_file_write_atomic(f, "a\0b", 3, &e), AP_OK);
	got = h_read_file(f, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(got, "a\0b", 3);
	free(got);
	/* failure: EIO naming the file, nothing left behind */
	assert_int_equal(ap_file_write_atomic(nodir, "x", 1, &e), AP_EIO);
	assert_int_equal(e.code, AP_EIO);
	assert_string_equal(e.file, nodir);
	assert_non_null(strstr(e.message, "out.xml"));
	assert_int_equal(others_in(dir, "out.xml"), 0);
	h_rmtree(dir);
	free(dir);
	free(f);
	free(nodir);
}

/* ---- staged writes (a batch: stage every file, then commit) ------------ */

/* Names in dir with ".tmp-" (staged files left behind). */
static size_t temporaries_in(const char *dir)
{
	struct ap_path_list l = AP_PATH_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	size_t i, n = 0;

	assert_int_equal(ap_walk_dir(&l, dir, "", &e), AP_OK);
	for (i = 0; i < l.count; i++)
		n += strstr(l.items[i], ".tmp-") != NULL;
	ap_path_list_release(&l);
	return n;
}

static void test_util_file_stage_commit_discard(void **state)
{
	struct ap_error e = AP_ERROR_INIT;
	struct ap_staged_file st[3] = {AP_STAGED_FILE_INIT, AP_STAGED_FILE_INIT,
				       AP_STAGED_FILE_INIT};
	char *dir = h_mkdtemp(), *a = h_join(dir, "a.xml"), *b = h_join(dir, "b.xml");
	char *nodir = h_join(dir, "no/such/c.xml"), *got;
	mode_t old_mask;
	struct stat sb;
	size_t len;

	(void)state;
	h_write_file(b, "old b", 5);
	assert_int_equal(chmod(b, 0604), 0);
	old_mask = umask(027);
	assert_int_equal(ap_file_stage(&st[0], a, "new a", 5, &e), AP_OK);
	assert_int_equal(ap_file_stage(&st[1], b, "new b", 5, &e), AP_OK);
	umask(old_mask);
	/* staged: the destinations are untouched, the temporaries beside them */
	assert_non_null(st[0].tmp);
	assert_int_equal(strncmp(st[0].tmp, a, strlen(a)), 0);
	assert_int_equal(access(a, F_OK), -1);
	got = h_read_file(b, &len);
	assert_string_equal(got, "old b");
	free(got);
	/* a failure stages nothing and leaves nothing */
	assert_int_equal(ap_file_stage(&st[2], nodir, "c", 1, &e), AP_EIO);
	assert_null(st[2].tmp);
	assert_int_equal(ap_file_commit(&st[0], a, &e), AP_OK);
	assert_null(st[0].tmp);
	got = h_read_file(a, &len);
	assert_string_equal(got, "new a");
	free(got);
	/* a new file gets 0666 less the umask; a replaced one keeps its mode */
	assert_int_equal(stat(a, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	/* discarded: b keeps its old content and nothing is left */
	ap_file_discard(&st[1]);
	ap_file_discard(&st[1]);
	assert_null(st[1].tmp);
	got = h_read_file(b, &len);
	assert_string_equal(got, "old b");
	free(got);
	assert_int_equal(ap_file_stage(&st[1], b, "newer b", 7, &e), AP_OK);
	assert_int_equal(ap_file_commit(&st[1], b, &e), AP_OK);
	assert_int_equal(stat(b, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0604);
	assert_int_equal(temporaries_in(dir), 0);
	/* a folder where the file should go: refused before anything is staged */
	assert_int_equal(ap_file_stage(&st[2], dir, "d", 1, &e), AP_EIO);
	assert_non_null(strstr(e.message, "is a directory"));
	assert_null(st[2].tmp);
	/* committing nothing is an error, not a crash */
	assert_int_equal(ap_file_commit(&st[2], nodir, &e), AP_EIO);
	h_rmtree(dir);
	free(dir);
	free(a);
	free(b);
	free(nodir);
}

/* A leftover temporary file of an earlier run is stepped over, not
 * overwritten, and a planted symbolic link is never followed. */
static void test_util_file_stage_steps_over_leftovers(void **state)
{
	struct ap_error e = AP_ERROR_INIT;
	struct ap_staged_file st = AP_STAGED_FILE_INIT;
	char *dir = h_mkdtemp(), *a = h_join(dir, "a.xml"), *victim = h_join(dir, "victim");
	char name[4200], *got;
	size_t len;

	(void)state;
	h_write_file(victim, "keep", 4);
	snprintf(name, sizeof(name), "%s.tmp-%ld-0", a, (long)getpid());
	h_write_file(name, "leftover", 8);
	snprintf(name, sizeof(name), "%s.tmp-%ld-1", a, (long)getpid());
	assert_int_equal(symlink(victim, name), 0);
	assert_int_equal(ap_file_write_atomic(a, "new", 3, &e), AP_OK);
	got = h_read_file(victim, &len);
	assert_string_equal(got, "keep");
	free(got);
	got = h_read_file(a, &len);
	assert_string_equal(got, "new");
	free(got);
	assert_int_equal(ap_file_stage(&st, a, "x", 1, &e), AP_OK);
	assert_non_null(strstr(st.tmp, ".tmp-"));
	ap_file_discard(&st);
	h_rmtree(dir);
	free(dir);
	free(a);
	free(victim);
}

/* ---- directory walk --------------------------------------------------- */

static void touch(const char *dir, const char *rel)
{
	char *p = h_join(dir, rel);

	h_write_file(p, "<x/>", 4);
	free(p);
}

static void mkdir_in(const char *dir, const char *rel)
{
	char *p = h_join(dir, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void symlink_in(const char *dir, const char *rel, const char *target)
{
	char *p = h_join(dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* Asserts that l holds exactly dir "/" want[i], in order. */
static void assert_paths(const struct ap_path_list *l, const char *dir,
			 const char *const *want, size_t n)
{
	size_t i;
	int ok = l->count == n;

	for (i = 0; ok && i < n; i++) {
		char *p = h_join(dir, want[i]);

		ok = strcmp(l->items[i], p) == 0;
		free(p);
	}
	if (!ok) {
		print_error("walk gave %zu paths:\n", l->count);
		for (i = 0; i < l->count; i++)
			print_error("  %s\n", l->items[i]);
		print_error("wanted %zu:\n", n);
		for (i = 0; i < n; i++)
			print_error("  %s/%s\n", dir, want[i]);
		fail();
	}
}

static void test_util_walk_dir(void **state)
{
	static const char *const want[] = {
		"a.xml", "b.xml", "sub/c.xml", "sub/deeper/d.xml", "z/e.xml",
	};
	struct ap_path_list l = AP_PATH_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	char *dir = h_mkdtemp(), *slash;
	double t0 = h_now();

	(void)state;
	touch(dir, "b.xml");
	touch(dir, "a.xml");
	touch(dir, "notes.txt");
	touch(dir, "xml"); /* no suffix match */
	touch(dir, ".hidden.xml");
	mkdir_in(dir, ".git");
	touch(dir, ".git/config.xml");
	mkdir_in(dir, "z");
	touch(dir, "z/e.xml");
	mkdir_in(dir, "sub");
	touch(dir, "sub/c.xml");
	mkdir_in(dir, "sub/deeper");
	touch(dir, "sub/deeper/d.xml");
	/* loops: a link to the parent, one to itself, one to the top */
	symlink_in(dir, "sub/up", "..");
	symlink_in(dir, "sub/deeper/self", ".");
	symlink_in(dir, "sub/deeper/top", dir);
	assert_int_equal(ap_walk_dir(&l, dir, ".xml", &e), AP_OK);
	assert_paths(&l, dir, want, sizeof(want) / sizeof(want[0]));
	ap_path_list_release(&l);
	assert_true(h_now() - t0 < 5.0);

	/* a trailing slash does not double */
	slash = h_join(dir, "");
	assert_int_equal(ap_walk_dir(&l, slash, ".xml", &e), AP_OK);
	assert_int_equal(l.count, 5);
	assert_null(strstr(l.items[0], "//"));
	ap_path_list_release(&l);
	free(slash);

	/* missing directory */
	slash = h_join(dir, "nope");
	assert_int_equal(ap_walk_dir(&l, slash, ".xml", &e), AP_EIO);
	assert_int_equal(e.code, AP_EIO);
	assert_non_null(strstr(e.message, "nope"));
	assert_int_equal(l.count, 0);
	assert_int_equal(ap_path_is_dir(slash, &e), AP_EIO);
	free(slash);
	assert_int_equal(ap_path_is_dir(dir, &e), 1);
	slash = h_join(dir, "a.xml");
	assert_int_equal(ap_path_is_dir(slash, &e), 0);
	free(slash);
	h_rmtree(dir);
	free(dir);
}

/* "sorted by path" (fsutil.h): a directory "a" and a file "a.xml" in the
 * same folder must come out in byte order of the whole path. */
static void test_util_walk_dir_sorted_by_path(void **state)
{
	struct ap_path_list l = AP_PATH_LIST_INIT;
	struct ap_error e = AP_ERROR_INIT;
	char *dir = h_mkdtemp();
	size_t i;

	(void)state;
	touch(dir, "a.xml");
	mkdir_in(dir, "a");
	touch(dir, "a/x.xml");
	mkdir_in(dir, "a-b");
	touch(dir, "a-b/y.xml");
	touch(dir, "B.xml");
	assert_int_equal(ap_walk_dir(&l, dir, ".xml", &e), AP_OK);
	assert_int_equal(l.count, 4);
	for (i = 1; i < l.count; i++)
		if (strcmp(l.items[i - 1], l.items[i]) >= 0)
			fail_msg("not sorted by path: '%s' before '%s'", l.items[i - 1],
				 l.items[i]);
	ap_path_list_release(&l);
	h_rmtree(dir);
	free(dir);
}

/* The walk under allocation failure: AP_ENOMEM with the error set, nothing
 * leaked, whatever allocation fails (a dangling link takes its own path). */
static void test_util_walk_dir_out_of_memory(void **state)
{
	char *dir = h_mkdtemp();
	long n;

	(void)state;
	touch(dir, "a.xml");
	mkdir_in(dir, "sub");
	touch(dir, "sub/b.xml");
	symlink_in(dir, "0-dangling.xml", "/nonexistent/ap-test"); /* the first found */
	for (n = 1; n < 1000; n++) {
		struct ap_path_list l = AP_PATH_LIST_INIT;
		struct ap_error e = AP_ERROR_INIT;
		int ret;

		h_alloc_fail_at(n);
		ret = ap_walk_dir(&l, dir, ".xml", &e);
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			assert_int_equal(l.count, 3);
			ap_path_list_release(&l);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			h_rmtree(dir);
			free(dir);
			return;
		}
		ap_path_list_release(&l);
		if (ret != AP_ENOMEM || e.code != AP_ENOMEM || h_alloc_live() != 0) {
			long live = h_alloc_live();

			h_alloc_off();
			fail_msg("allocation %ld failed: returned %d, error code %d, %ld blocks leaked",
				 n, ret, e.code, live);
		}
		h_alloc_off();
	}
	fail_msg("never succeeded");
}

static void test_util_path_list(void **state)
{
	struct ap_path_list l = AP_PATH_LIST_INIT;
	static const char *const in[] = {"c", "a", "b", "a", "c", "A", "a/b"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(ap_path_list_add(&l, in[i]), AP_OK);
	ap_path_list_sort_unique(&l);
	assert_int_equal(l.count, 5);
	assert_string_equal(l.items[0], "A");
	assert_string_equal(l.items[1], "a");
	assert_string_equal(l.items[2], "a/b");
	assert_string_equal(l.items[3], "b");
	assert_string_equal(l.items[4], "c");
	{
		static const char *const other[] = {"A", "a", "a/c", "b", "c"};
		struct ap_path_list m = AP_PATH_LIST_INIT, n = AP_PATH_LIST_INIT;

		for (i = 0; i < l.count; i++)
			assert_int_equal(ap_path_list_add(&m, l.items[i]), AP_OK);
		assert_true(ap_path_list_equal(&l, &m));
		for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
			assert_int_equal(ap_path_list_add(&n, other[i]), AP_OK);
		assert_false(ap_path_list_equal(&l, &n));
		m.count--; /* a proper prefix is not equal */
		assert_false(ap_path_list_equal(&l, &m));
		m.count++;
		ap_path_list_release(&m);
		ap_path_list_release(&n);
	}
	ap_path_list_release(&l);
	assert_int_equal(l.count, 0);
	ap_path_list_release(&l);
	ap_path_list_release(NULL);
}

/* ---- findings --------------------------------------------------------- */

static void test_util_diag_list_sort(void **state)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT, other = AP_DIAG_LIST_INIT;
	static const struct {
		const char *file, *id, *msg;
		uint32_t line, col;
		enum ap_severity sev;
	} in[] = {
		{"b.xml", "AX-S001", "m", 1, 1, AP_SEV_ERROR},
		{"a.xml", "AX-S002", "m", 10, 1, AP_SEV_WARNING},
		{"a.xml", "AX-S002", "m", 2, 5, AP_SEV_INFO},
		{"a.xml", "AX-S001", "z", 2, 5, AP_SEV_ERROR},
		{"a.xml", "AX-S001", "a", 2, 5, AP_SEV_ERROR},
		{"a.xml", "AX-C001", "m", 2, 30, AP_SEV_ERROR},
		{"a.xml", "AX-S009", "m", 0, 0, AP_SEV_INFO},
	};
	/* expected order: file, line, col, id, message */
	static const size_t order[] = {6, 4, 3, 2, 5, 1, 0};
	size_t i;

	(void)state;
	assert_int_equal(ap_diag_list_worst(&l), AP_SEV_OFF);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(ap_diag_list_add(&l, in[i].id, in[i].sev, in[i].file,
						  in[i].line, in[i].col, in[i].msg), AP_OK);
	ap_diag_list_sort(&l);
	for (i = 0; i < l.count; i++) {
		const struct ap_diag *d = &l.items[i];

		assert_string_equal(d->file, in[order[i]].file);
		assert_string_equal(d->rule_id, in[order[i]].id);
		assert_string_equal(d->message, in[order[i]].msg);
		assert_int_equal(d->line, in[order[i]].line);
		assert_int_equal(d->col, in[order[i]].col);
	}
	assert_int_equal(ap_diag_list_worst(&l), AP_SEV_ERROR);
	/* move: appended, source emptied */
	assert_int_equal(ap_diag_list_add(&other, "AX-S003", AP_SEV_WARNING, NULL, 1, 1, NULL),
			 AP_OK);
	assert_string_equal(other.items[0].file, "");
	assert_string_equal(other.items[0].message, "");
	assert_int_equal(ap_diag_list_move(&l, &other), AP_OK);
	assert_int_equal(other.count, 0);
	assert_int_equal(l.count, 8);
	assert_string_equal(l.items[7].rule_id, "AX-S003");
	ap_diag_list_reset(&l);
	assert_int_equal(l.count, 0);
	assert_int_equal(ap_diag_list_worst(&l), AP_SEV_OFF);
	ap_diag_list_release(&l);
	ap_diag_list_release(&other);
	ap_diag_list_release(NULL);
}

static void test_util_diag_list_out_of_memory(void **state)
{
	struct ap_diag_list l = AP_DIAG_LIST_INIT;
	long n;

	(void)state;
	for (n = 1; n < 20; n++) {
		int ret;

		h_alloc_fail_at(n);
		ret = ap_diag_list_add(&l, "AX-S001", AP_SEV_ERROR, "f", 1, 1, "m");
		if (!h_alloc_failed()) {
			assert_int_equal(ret, AP_OK);
			assert_int_equal(l.count, 1);
			ap_diag_list_release(&l);
			assert_int_equal(h_alloc_live(), 0);
			h_alloc_off();
			return;
		}
		assert_int_equal(ret, AP_ENOMEM);
		assert_int_equal(l.count, 0);
		ap_diag_list_release(&l);
		assert_int_equal(h_alloc_live(), 0);
		h_alloc_off();
	}
	fail_msg("never succeeded");
}

static void test_util_names(void **state)
{
	enum ap_severity s;
	enum ap_profile p;

	(void)state;
	assert_string_equal(ap_severity_name(AP_SEV_ERROR), "error");
	assert_string_equal(ap_severity_name(AP_SEV_WARNING), "warning");
	assert_string_equal(ap_severity_name(AP_SEV_INFO), "info");
	assert_string_equal(ap_severity_name(AP_SEV_OFF), "off");
	assert_int_equal(ap_severity_parse(&s, "warning"), AP_OK);
	assert_int_equal(s, AP_SEV_WARNING);
	assert_int_equal(ap_severity_parse(&s, "Warning"), AP_EINVALID);
	assert_int_equal(ap_severity_parse(&s, ""), AP_EINVALID);
	assert_int_equal(ap_profile_parse(&p, "correspondence"), AP_OK);
	assert_int_equal(p, AP_PROFILE_CORRESPONDENCE);
	assert_int_equal(ap_profile_parse(&p, "delegation"), AP_OK);
	assert_int_equal(p, AP_PROFILE_DELEGATION);
	assert_int_equal(ap_profile_parse(&p, "nope"), AP_EINVALID);
	for (p = AP_PROFILE_CORRESPONDENCE; p < AP_PROFILE_COUNT; p++) {
		enum ap_profile q;

		assert_int_equal(ap_profile_parse(&q, ap_profile_name(p)), AP_OK);
		assert_int_equal(q, p);
	}
}

/* The version: golden tests mask numbers, so the numbers are checked here. */
static void test_util_version(void **state)
{
	struct ap_buf b = AP_BUF_INIT;
	char want[64], *out, *err;
	const char *argv[] = {"--version", NULL};
	int rc;

	(void)state;
	assert_string_equal(ap_version(), AP_VERSION);
	snprintf(want, sizeof(want), "%d.%d.%d", AP_VERSION_MAJOR, AP_VERSION_MINOR,
		 AP_VERSION_PATCH);
	assert_string_equal(ap_version(), want);
	assert_int_equal(ap_version_libraries(&b), AP_OK);
	assert_non_null(strstr(b.ptr, "libxml2 "));
	ap_buf_release(&b);
	rc = h_run_cli(NULL, argv, &out, &err);
	assert_int_equal(rc, 0);
	snprintf(want, sizeof(want), "altinn-policy %s\n", AP_VERSION);
	assert_true(strncmp(out, want, strlen(want)) == 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util_buf_basics),
		cmocka_unit_test(test_util_buf_failure_leaves_it_unchanged),
		cmocka_unit_test(test_util_arena),
		cmocka_unit_test(test_util_arena_size_overflow),
		cmocka_unit_test(test_util_error),
		cmocka_unit_test(test_util_file_read),
		cmocka_unit_test(test_util_file_write_atomic),
		cmocka_unit_test(test_util_file_stage_commit_discard),
		cmocka_unit_test(test_util_file_stage_steps_over_leftovers),
		cmocka_unit_test(test_util_walk_dir),
		cmocka_unit_test(test_util_walk_dir_sorted_by_path),
		cmocka_unit_test(test_util_walk_dir_out_of_memory),
		cmocka_unit_test(test_util_path_list),
		cmocka_unit_test(test_util_diag_list_sort),
		cmocka_unit_test(test_util_diag_list_out_of_memory),
		cmocka_unit_test(test_util_names),
		cmocka_unit_test(test_util_version),
	};

	h_test_filter();
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
