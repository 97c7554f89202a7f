/* Shared helpers of the unit tests; see harness.h. */
#include "harness.h"

#include "policy/model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- locations -------------------------------------------------------- */

const char *h_source_dir(void)
{
	const char *s = getenv("AP_SOURCE_DIR");

	return s && *s ? s : ".";
}

const char *h_bin(void)
{
	const char *s = getenv("AP_BIN");

	return s && *s ? s : "build/altinn-policy";
}

char *h_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *h_src_path(const char *rel)
{
	return h_join(h_source_dir(), rel);
}

/* ---- files ------------------------------------------------------------ */

char *h_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536 * 2;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *h_read_fixture(const char *rel, size_t *len)
{
	char *p = h_src_path(rel);
	char *buf = h_read_file(p, len);

	free(p);
	return buf;
}

void h_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("cannot create '%s': %s", path, strerror(errno));
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("cannot write '%s'", path);
	if (fclose(f) != 0)
		fail_msg("cannot write '%s'", path);
}

int h_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* One scratch root per test binary, removed at exit even when a test
 * failed before cleaning up after itself. */
static char *scratch_root;

static void remove_scratch_root(void)
{
	if (scratch_root != NULL)
		h_rmtree(scratch_root);
	free(scratch_root);
	scratch_root = NULL;
}

char *h_mkdtemp(void)
{
	char *p;

	if (scratch_root == NULL) {
		const char *t = getenv("TMPDIR");

		scratch_root = h_join(t && *t ? t : "/tmp", "ap-unit-XXXXXX");
		if (mkdtemp(scratch_root) == NULL)
			fail_msg("mkdtemp: %s", strerror(errno));
		atexit(remove_scratch_root);
	}
	p = h_join(scratch_root, "t-XXXXXX");
	if (mkdtemp(p) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	return p;
}

void h_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	d = opendir(path);
	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *c;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			c = h_join(path, de->d_name);
			h_rmtree(c);
			free(c);
		}
		closedir(d);
	}
	rmdir(path);
}

/* ---- documents -------------------------------------------------------- */

ap_doc *h_parse_n(const char *buf, size_t len,
		  const struct ap_load_options *opts)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *doc = NULL;
	int ret = ap_doc_parse(&doc, "test.xml", buf, len, opts, &err);

	if (ret != AP_OK)
		fail_msg("ap_doc_parse returned %d: %s", ret, err.message);
	assert_non_null(doc);
	return doc;
}

ap_doc *h_parse(const char *xml)
{
	return h_parse_n(xml, strlen(xml), NULL);
}

ap_doc *h_load_fixture(const char *rel)
{
	struct ap_error err = AP_ERROR_INIT;
	ap_doc *doc = NULL;
	char *p = h_src_path(rel);
	int ret = ap_doc_load_file(&doc, p, rel, NULL, &err);

	if (ret != AP_OK)
		fail_msg("ap_doc_load_file('%s') returned %d: %s", p, ret, err.message);
	free(p);
	return doc;
}

size_t h_problem_count(const ap_doc *doc, enum ap_problem_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < ap_doc_problem_count(doc); i++)
		if (ap_doc_problem(doc, i)->kind == kind)
			n++;
	return n;
}

const struct ap_problem *h_problem(const ap_doc *doc,
				   enum ap_problem_kind kind)
{
	size_t i;

	for (i = 0; i < ap_doc_problem_count(doc); i++)
		if (ap_doc_problem(doc, i)->kind == kind)
			return ap_doc_problem(doc, i);
	return NULL;
}

void h_assert_no_problems(const ap_doc *doc, const char *file, int line)
{
	size_t i, n = ap_doc_problem_count(doc);

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		const struct ap_problem *p = ap_doc_problem(doc, i);

		print_error("  problem kind %d at %u:%u: %s\n", (int)p->kind,
			    (unsigned)p->line, (unsigned)p->col, p->message);
	}
	_fail(file, line);
}

static const ap_node *find_rec(const ap_node *n, enum ap_node_kind kind,
			       size_t *left)
{
	const ap_node *c, *r;

	if (n->kind == kind) {
		if (*left == 0)
			return n;
		(*left)--;
	}
	for (c = n->first_child; c; c = c->next)
		if ((r = find_rec(c, kind, left)) != NULL)
			return r;
	return NULL;
}

const ap_node *h_find(const ap_node *from, enum ap_node_kind kind, size_t n)
{
	if (from == NULL)
		return NULL;
	return find_rec(from, kind, &n);
}

size_t h_count(const ap_node *from, enum ap_node_kind kind)
{
	const ap_node *c;
	size_t n;

	if (from == NULL)
		return 0;
	n = from->kind == kind;
	for (c = from->first_child; c; c = c->next)
		n += h_count(c, kind);
	return n;
}

void h_pos_of(const char *text, const char *needle, uint32_t *line,
	      uint32_t *col)
{
	const char *hit = strstr(text, needle), *p;
	uint32_t l = 1, c = 1;

	if (hit == NULL)
		fail_msg("'%s' not found in the test input", needle);
	for (p = text; p < hit; p++) {
		if (*p == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)*p & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static void lacks(const char *s, const char *needle, const char *what)
{
	if (s != NULL && strstr(s, needle) != NULL)
		fail_msg("'%s' found in %s: \"%.200s\"", needle, what, s);
}

static void node_lacks(const struct ap_node *n, const char *needle)
{
	const struct ap_node *c;
	uint32_t i;

	for (; n; n = n->next) {
		lacks(n->name, needle, "an element name");
		lacks(n->ns, needle, "a namespace");
		lacks(n->prefix, needle, "a prefix");
		lacks(n->text, needle, "character data or a comment");
		for (i = 0; i < n->nattrs; i++) {
			lacks(n->attrs[i].name, needle, "an attribute name");
			lacks(n->attrs[i].value, needle, "an attribute value");
		}
		for (i = 0; i < 2 * n->nns_decls; i++)
			lacks(n->ns_decls[i], needle, "a namespace declaration");
		c = n->first_child;
		if (c)
			node_lacks(c, needle);
	}
}

void h_assert_doc_lacks(const ap_doc *doc, const char *needle)
{
	size_t i;

	lacks(ap_doc_name(doc), needle, "the document name");
	if (doc->root)
		node_lacks(doc->root, needle);
	if (doc->prolog_comments)
		node_lacks(doc->prolog_comments, needle);
	for (i = 0; i < ap_doc_problem_count(doc); i++)
		lacks(ap_doc_problem(doc, i)->message, needle, "a problem message");
}

/* ---- linting ---------------------------------------------------------- */

static void lint_mem(struct ap_diag_list *out, const char *name,
		     const char *buf, size_t len, enum ap_profile profile,
		     const char *resource_id)
{
	struct ap_lint_options o = AP_LINT_OPTIONS_INIT;
	struct ap_error err = AP_ERROR_INIT;
	ap_linter *l = NULL;
	int ret;

	o.profile = profile;
	o.resource_id = resource_id;
	ret = ap_linter_new(&l, &o, &err);
	if (ret != AP_OK)
		fail_msg("ap_linter_new returned %d: %s", ret, err.message);
	ret = ap_lint_memory(l, name, buf, len, out, &err);
	ap_linter_free(l);
	if (ret != AP_OK)
		fail_msg("ap_lint_memory returned %d: %s", ret, err.message);
}

void h_lint(struct ap_diag_list *out, const char *xml,
	    enum ap_profile profile, const char *resource_id)
{
	lint_mem(out, "test.xml", xml, strlen(xml), profile, resource_id);
}

void h_lint_n(struct ap_diag_list *out, const char *buf, size_t len,
	      enum ap_profile profile)
{
	lint_mem(out, "test.xml", buf, len, profile, NULL);
}

void h_lint_fixture(struct ap_diag_list *out, const char *rel,
		    enum ap_profile profile)
{
	size_t len;
	char *buf = h_read_fixture(rel, &len);

	lint_mem(out, rel, buf, len, profile, NULL);
	free(buf);
}

/*
 * Claimed findings, by address: lists are not modified once linted, so
 * the address of an item identifies it until the list is released.
 */
#define MAX_CLAIMED 4096
static const struct ap_diag *claimed[MAX_CLAIMED];
static size_t nclaimed;

static int is_claimed(const struct ap_diag *d)
{
	size_t i;

	for (i = 0; i < nclaimed; i++)
		if (claimed[i] == d)
			return 1;
	return 0;
}

void h_print_diags(const struct ap_diag_list *l)
{
	size_t i;

	if (l->count == 0)
		print_error("  (no findings)\n");
	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		print_error("  %s%u:%u: %s: %s [%s]\n", is_claimed(d) ? "(claimed) " : "",
			    (unsigned)d->line, (unsigned)d->col,
			    ap_severity_name(d->severity), d->message, d->rule_id);
	}
}

void h_assert_diag(const struct ap_diag_list *l, const char *id,
		   uint32_t line, uint32_t col, const char *substr,
		   const char *file, int srcline)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		if (is_claimed(d) || strcmp(d->rule_id, id) != 0)
			continue;
		if (line != 0 && d->line != line)
			continue;
		if (col != 0 && d->col != col)
			continue;
		if (substr != NULL && strstr(d->message, substr) == NULL)
			continue;
		if (nclaimed < MAX_CLAIMED)
			claimed[nclaimed++] = d;
		return;
	}
	print_error("expected a finding %s at line %u col %u containing \"%s\"; the list:\n",
		    id, (unsigned)line, (unsigned)col, substr ? substr : "");
	h_print_diags(l);
	_fail(file, srcline);
}

void h_assert_diags_done(const struct ap_diag_list *l, const char *file,
			 int srcline)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < l->count; i++)
		if (!is_claimed(&l->items[i]))
			bad = 1;
	if (bad) {
		print_error("findings left unchecked:\n");
		h_print_diags(l);
		_fail(file, srcline);
	}
}

void h_keep_rules(struct ap_diag_list *l, const char *prefix)
{
	size_t i, k = 0;

	for (i = 0; i < l->count; i++) {
		struct ap_diag *d = &l->items[i];

		const char *p = prefix;
		int keep = 0;

		while (*p && !keep) {
			size_t n = strcspn(p, ",");

			keep = n > 0 && strncmp(d->rule_id, p, n) == 0;
			p += n + (p[n] == ',');
		}
		if (keep) {
			l->items[k++] = *d;
			continue;
		}
		free(d->file);
		free(d->message);
		free(d->snippet);
	}
	l->count = k;
}

void h_diags_reset(struct ap_diag_list *l)
{
	ap_diag_list_reset(l);
	nclaimed = 0;
}

void h_assert_no_diag(const struct ap_diag_list *l, const char *id,
		      const char *file, int srcline)
{
	if (h_diag_count(l, id) == 0)
		return;
	print_error("expected no finding %s; the list:\n", id ? id : "at all");
	h_print_diags(l);
	_fail(file, srcline);
}

size_t h_diag_count(const struct ap_diag_list *l, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < l->count; i++)
		if (id == NULL || strcmp(l->items[i].rule_id, id) == 0)
			n++;
	return n;
}

int h_setup(void **state)
{
	struct h_state *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return -1;
	nclaimed = 0;
	*state = s;
	return 0;
}

int h_reset_claims(void **state)
{
	(void)state;
	nclaimed = 0;
	return 0;
}

int h_teardown(void **state)
{
	struct h_state *s = *state;
	int ok = 1;
	size_t i;

	for (i = 0; i < s->diags.count; i++)
		if (!is_claimed(&s->diags.items[i]))
			ok = 0;
	if (!ok) {
		print_error("teardown: findings left unchecked:\n");
		h_print_diags(&s->diags);
	}
	if (s->err.code != AP_OK) {
		print_error("teardown: ap_error left set: %d %s\n", s->err.code,
			    s->err.message);
		ok = 0;
	}
	nclaimed = 0;
	ap_diag_list_release(&s->diags);
	free(s);
	*state = NULL;
	return ok ? 0 : -1;
}

/* ---- allocation failure injection ------------------------------------- */

static long alloc_fail_at, alloc_calls, alloc_live;
static int alloc_failed_flag;

static int should_fail(void)
{
	alloc_calls++;
	if (alloc_fail_at > 0 && alloc_calls == alloc_fail_at) {
		alloc_failed_flag = 1;
		return 1;
	}
	return 0;
}

static void *t_malloc(size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	p = malloc(n);
	if (p)
		alloc_live++;
	return p;
}

static void *t_realloc(void *old, size_t n)
{
	void *p;

	if (should_fail())
		return NULL;
	p = realloc(old, n);
	if (p && old == NULL)
		alloc_live++;
	return p;
}

static void t_free(void *p)
{
	if (p)
		alloc_live--;
	free(p);
}

void h_alloc_fail_at(long n)
{
	static const struct ap_allocator a = {t_malloc, t_realloc, t_free};

	alloc_fail_at = n;
	alloc_calls = 0;
	alloc_live = 0;
	alloc_failed_flag = 0;
	ap_set_allocator(&a);
}

void h_alloc_off(void)
{
	ap_set_allocator(NULL);
	alloc_fail_at = 0;
}

long h_alloc_calls(void)
{
	return alloc_calls;
}

int h_alloc_failed(void)
{
	return alloc_failed_flag;
}

long h_alloc_live(void)
{
	return alloc_live;
}

static int same_result(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* Fails naming the first line where got and want differ (cmocka cuts long
 * messages, so the whole results would not show). */
static void torture_mismatch(const char *what, long n, const char *got,
			     const char *want)
{
	const char *g = got ? got : "", *w = want ? want : "";
	size_t line = 1;

	while (*g && *g == *w) {
		if (*g == '\n') {
			line++;
			got = g + 1;
			want = w + 1;
		}
		g++;
		w++;
	}
	fail_msg("%s: allocation %ld failed, the run reported success with a "
		 "different result; line %zu is\n  %.300s\ninstead of\n  %.300s",
		 what, n, line, got ? got : "(none)", want ? want : "(none)");
}

long h_torture(const char *what, h_torture_fn op, void *ctx)
{
	const char *vg = getenv("AP_VALGRIND");
	long n, step = vg && strcmp(vg, "1") == 0 ? 7 : 1;
	char *reference = NULL;

	if (op(ctx, &reference) != AP_OK)
		fail_msg("%s: fails without any allocation failure", what);
	for (n = 1; n < 10000000; n += step) {
		char *got = NULL;
		long live;
		int ret;

		h_alloc_fail_at(n);
		ret = op(ctx, &got);
		live = h_alloc_live();
		h_alloc_off();
		if (!h_alloc_failed()) {
			int same = ret == AP_OK && same_result(got, reference);

			free(got);
			free(reference);
			if (!same || live != 0)
				fail_msg("%s: run without failure differs or leaks", what);
			return n;
		}
		if (ret == AP_OK && !same_result(got, reference))
			torture_mismatch(what, n, got, reference);
		free(got);
		if (ret != AP_OK && ret != AP_ENOMEM)
			fail_msg("%s: allocation %ld failed, returned %d, not AP_ENOMEM",
				 what, n, ret);
		if (live != 0)
			fail_msg("%s: allocation %ld failed, %ld blocks leaked", what, n,
				 live);
	}
	free(reference);
	fail_msg("%s: never completed", what);
	return n;
}

/* ---- the command line ------------------------------------------------- */

static char *slurp_fd(int fd)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t len = 0;

	if (fstat(fd, &st) != 0)
		fail_msg("fstat: %s", strerror(errno));
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	lseek(fd, 0, SEEK_SET);
	while (len < (size_t)st.st_size &&
	       (n = read(fd, buf + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	return buf;
}

static int tmpfd(void)
{
	char *dir = h_mkdtemp();
	char *p = h_join(dir, "out");
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		fail_msg("cannot create '%s': %s", p, strerror(errno));
	unlink(p);
	rmdir(dir);
	free(p);
	free(dir);
	return fd;
}

int h_run_cli(const char *cwd, const char *const *argv, char **out,
	      char **err)
{
	char bin[PATH_MAX];
	const char *args[64];
	size_t n = 0, i;
	int fo = tmpfd(), fe = tmpfd(), status;
	pid_t pid;

	if (realpath(h_bin(), bin) == NULL)
		fail_msg("cannot find the binary '%s' (AP_BIN): %s", h_bin(),
			 strerror(errno));
	args[n++] = bin;
	for (i = 0; argv[i] != NULL && n < 63; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
			_exit(126);
		if (cwd != NULL && chdir(cwd) != 0)
			_exit(126);
		execv(bin, (char *const *)args);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			fail_msg("waitpid: %s", strerror(errno));
	if (out)
		*out = slurp_fd(fo);
	if (err)
		*err = slurp_fd(fe);
	close(fo);
	close(fe);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* ---- time ------------------------------------------------------------- */

double h_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- running ---------------------------------------------------------- */

void h_test_filter(void)
{
	const char *f = getenv("AP_TEST_FILTER");

	if (f != NULL && *f != '\0')
		cmocka_set_test_filter(f);
}
