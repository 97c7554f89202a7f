/*
 * XACML 3.0 conformance driver: runs every <case>Request.xml of a folder
 * against <case>Policy.xml with the xacml semantics and compares decision,
 * status code, obligations, advice and the attributes returned with
 * IncludeInResult with <case>Response.xml.
 *
 *   driver [-v] [-m] DIR...
 *
 * Prints the pass count per group (IIA, IIB, ..., IIIG), the skipped cases
 * with the reason, and with -v every failure.  With -m, exits 1 when a
 * case of the mandatory groups (IIA..IID) fails; otherwise when any case
 * that was run failed.  Cases needing what lies outside XACML 3.0 core
 * (several root policies from a repository, XPath over request Content,
 * the multiple-decision profile, hierarchical resources) are skipped.
 * A policy the engine refuses to load counts as passing only when the
 * expected answer is the syntax-error Indeterminate (the conformance
 * suite allows rejecting such a policy instead of evaluating it).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "altinn-policy/altinn-policy.h"
#include "policy/model.h"

#define MAX_GROUPS 16
#define MAX_ITEMS 256

struct group {
	char name[8];
	int pass, fail, skip;
};

struct items {
	char *s[MAX_ITEMS];
	size_t n;
};

static void items_add(struct items *it, const char *s)
{
	if (it->n < MAX_ITEMS)
		it->s[it->n++] = strdup(s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void items_free(struct items *it)
{
	size_t i;

	for (i = 0; i < it->n; i++)
		free(it->s[i]);
	it->n = 0;
}

static int items_equal(struct items *a, struct items *b)
{
	size_t i;

	qsort(a->s, a->n, sizeof(char *), cmp_str);
	qsort(b->s, b->n, sizeof(char *), cmp_str);
	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->s[i], b->s[i]) != 0)
			return 0;
	return 1;
}

static int exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Trimmed copy of s into buf. */
static const char *trim(const char *s, char *buf, size_t size)
{
	size_t n;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	snprintf(buf, size, "%.*s", (int)n, s);
	return buf;
}

static const ap_node *child_named(const ap_node *n, const char *name)
{
	const ap_node *c;

	for (c = n ? ap_node_first_child(n) : NULL; c; c = ap_node_next(c))
		if (ap_node_name(c) && strcmp(ap_node_name(c), name) == 0)
			return c;
	return NULL;
}

struct expected {
	char decision[64];
	char status[256];
	struct items obl, adv, attrs;
	int results;
};

static void assignments_of(const ap_node *o, const char *id_attr, struct items *out)
{
	const ap_node *a;
	char line[2048], v[1024];

	for (a = ap_node_first_child(o); a; a = ap_node_next(a)) {
		if (!ap_node_name(a) || strcmp(ap_node_name(a), "AttributeAssignment") != 0)
			continue;
		snprintf(line, sizeof(line), "%s|%s|%s|%s", ap_node_attr(o, id_attr),
			 ap_node_attr(a, "AttributeId") ? ap_node_attr(a, "AttributeId") : "",
			 ap_node_attr(a, "DataType") ? ap_node_attr(a, "DataType") : "",
			 trim(ap_node_text(a), v, sizeof(v)));
		items_add(out, line);
	}
	snprintf(line, sizeof(line), "%s|", ap_node_attr(o, id_attr));
	items_add(out, line);
}

static int read_expected(const char *path, struct expected *e)
{
	ap_doc *doc = NULL;
	struct ap_error err = AP_ERROR_INIT;
	const ap_node *res, *c, *o;
	char buf[256];

	memset(e, 0, sizeof(*e));
	if (ap_doc_load_file(&doc, path, NULL, NULL, &err) != AP_OK || ap_doc_root(doc) == NULL) {
		ap_doc_free(doc);
		return -1;
	}
	for (c = ap_node_first_child(ap_doc_root(doc)); c; c = ap_node_next(c))
		if (ap_node_name(c) && strcmp(ap_node_name(c), "Result") == 0)
			e->results++;
	res = child_named(ap_doc_root(doc), "Result");
	snprintf(e->decision, sizeof(e->decision), "%s",
		 trim(ap_node_text(child_named(res, "Decision") ? child_named(res, "Decision") : res),
		      buf, sizeof(buf)));
	c = child_named(child_named(res, "Status"), "StatusCode");
	snprintf(e->status, sizeof(e->status), "%s",
		 c && ap_node_attr(c, "Value") ? ap_node_attr(c, "Value") : AP_STATUS_OK);
	for (o = ap_node_first_child(child_named(res, "Obligations") ? child_named(res, "Obligations") : res); o; o = ap_node_next(o))
		if (ap_node_name(o) && strcmp(ap_node_name(o), "Obligation") == 0)
			assignments_of(o, "ObligationId", &e->obl);
	for (o = ap_node_first_child(child_named(res, "AssociatedAdvice") ? child_named(res, "AssociatedAdvice") : res); o; o = ap_node_next(o))
		if (ap_node_name(o) && strcmp(ap_node_name(o), "Advice") == 0)
			assignments_of(o, "AdviceId", &e->adv);
	for (c = ap_node_first_child(res); c; c = ap_node_next(c)) {
		const ap_node *a, *v;

		if (!ap_node_name(c) || strcmp(ap_node_name(c), "Attributes") != 0)
			continue;
		for (a = ap_node_first_child(c); a; a = ap_node_next(a))
			for (v = ap_node_first_child(a); v; v = ap_node_next(v)) {
				char line[2048], t[1024];

				if (!ap_node_name(v) || strcmp(ap_node_name(v), "AttributeValue") != 0)
					continue;
				snprintf(line, sizeof(line), "%s|%s|%s|%s", ap_node_attr(c, "Category"),
					 ap_node_attr(a, "AttributeId"), ap_node_attr(v, "DataType"),
					 trim(ap_node_text(v), t, sizeof(t)));
				items_add(&e->attrs, line);
			}
	}
	ap_doc_free(doc);
	return 0;
}

static void actual_obligations(const struct ap_obligation *o, size_t n, struct items *out)
{
	size_t i, j;
	char line[2048], v[1024];

	for (i = 0; i < n; i++) {
		for (j = 0; j < o[i].count; j++) {
			snprintf(line, sizeof(line), "%s|%s|%s|%s", o[i].id, o[i].assignments[j].attribute_id,
				 o[i].assignments[j].data_type, trim(o[i].assignments[j].value, v, sizeof(v)));
			items_add(out, line);
		}
		snprintf(line, sizeof(line), "%s|", o[i].id);
		items_add(out, line);
	}
}

/* Why a case cannot be run here, or NULL. */
static const char *skip_reason(const char *dir, const char *id)
{
	char path[4096], *text;
	const char *why = NULL;

	snprintf(path, sizeof(path), "%s/%sRepository.properties", dir, id);
	text = slurp(path);
	if (text && strstr(text, "rootPolicies"))
		why = "needs a policy repository choosing among several root policies";
	free(text);
	if (why)
		return why;
	snprintf(path, sizeof(path), "%s/%sPolicy.xml", dir, id);
	text = slurp(path);
	if (text == NULL)
		return "no single <case>Policy.xml";
	if (strstr(text, "AttributeSelector") || strstr(text, "xpathExpression"))
		why = "needs XPath over request Content (AttributeSelector, xpath functions)";
	else if (strstr(text, "urn:oasis:names:tc:xacml:2.0:policy:schema:os"))
		why = "an XACML 2.0 policy";
	free(text);
	if (why)
		return why;
	snprintf(path, sizeof(path), "%s/%sResponse.xml", dir, id);
	text = slurp(path);
	if (text && strstr(text, "<Result") != strrchr(text, '<') &&
	    strstr(strstr(text, "<Result") + 1, "<Result>"))
		why = "needs the multiple-decision profile (several Results)";
	free(text);
	if (why)
		return why;
	snprintf(path, sizeof(path), "%s/%sRequest.xml", dir, id);
	text = slurp(path);
	if (text && (strstr(text, "MultiRequests") || strstr(text, "multiple:content-selector") ||
		     strstr(text, "resource:scope")))
		why = "needs the multiple-decision or hierarchical-resource profile";
	free(text);
	return why;
}

/* Documents named in <case>Repository.properties as referenced policies. */
static int add_references(ap_engine *e, const char *dir, const char *id, ap_doc **docs, size_t *ndocs)
{
	char path[4096], *text, *p, *line;
	struct ap_error err = AP_ERROR_INIT;

	snprintf(path, sizeof(path), "%s/%sRepository.properties", dir, id);
	text = slurp(path);
	if (text == NULL)
		return 0;
	line = strstr(text, "referencedPolicies=");
	if (line) {
		line += strlen("referencedPolicies=");
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; *p && *ndocs < 8;) {
			size_t n = strcspn(p, ",");
			char file[1024], name[1024];
			ap_doc *d = NULL;

			snprintf(file, sizeof(file), "%.*s", (int)n, p);
			snprintf(path, sizeof(path), "%s/%s", dir, trim(file, name, sizeof(name)));
			if (!exists(path)) {
				/* the suite's file names differ in case from the properties */
				snprintf(path, sizeof(path), "%s/%sPolicyId%s", dir, id,
					 strstr(file, "Id1") ? "1.xml" : "2.xml");
			}
			if (ap_doc_load_file(&d, path, NULL, NULL, &err) == AP_OK) {
				docs[(*ndocs)++] = d;
				if (ap_engine_add_reference(e, d, &err) != AP_OK)
					fprintf(stderr, "%s: %s\n", path, err.message);
			}
			p += n;
			if (*p == ',')
				p++;
		}
	}
	free(text);
	return 0;
}

static struct group *group_of(struct group *g, size_t *ng, const char *id)
{
	char name[8];
	size_t i, n = strspn(id, "I");

	n += id[n] >= 'A' && id[n] <= 'Z';
	snprintf(name, sizeof(name), "%.*s", (int)n, id);
	for (i = 0; i < *ng; i++)
		if (strcmp(g[i].name, name) == 0)
			return &g[i];
	if (*ng == MAX_GROUPS)
		return &g[0];
	memset(&g[*ng], 0, sizeof(g[*ng]));
	snprintf(g[*ng].name, sizeof(g[*ng].name), "%s", name);
	return &g[(*ng)++];
}

/* 1 pass, 0 fail. */
static int run_case(const char *dir, const char *id, int verbose)
{
	char path[4096];
	struct ap_error err = AP_ERROR_INIT;
	struct ap_result res = AP_RESULT_INIT;
	struct expected want;
	struct items obl = {{0}, 0}, adv = {{0}, 0}, attrs = {{0}, 0};
	ap_doc *doc = NULL, *refs[8];
	size_t nrefs = 0, i;
	ap_engine *e = NULL;
	ap_req *req = NULL;
	int ok = 0;

	snprintf(path, sizeof(path), "%s/%sResponse.xml", dir, id);
	if (read_expected(path, &want) != 0) {
		if (verbose)
			printf("FAIL %s: cannot read the expected response\n", id);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%sRequest_Enriched.xml", dir, id);
	if (!exists(path))
		snprintf(path, sizeof(path), "%s/%sRequest.xml", dir, id);
	if (ap_req_load_file(&req, path, &err) != AP_OK) {
		/* a malformed request is answered with syntax-error */
		ok = strcmp(want.decision, "Indeterminate") == 0 && strstr(want.status, "syntax-error");
		if (!ok && verbose)
			printf("FAIL %s: request: %s\n", id, err.message);
		goto done;
	}
	snprintf(path, sizeof(path), "%s/%sPolicy.xml", dir, id);
	if (ap_doc_load_file(&doc, path, NULL, NULL, &err) != AP_OK ||
	    ap_engine_new(&e, doc, AP_SEMANTICS_XACML, &err) != AP_OK) {
		ok = strcmp(want.decision, "Indeterminate") == 0 && strstr(want.status, "syntax-error");
		if (!ok && verbose)
			printf("FAIL %s: policy rejected: %s\n", id, err.message);
		goto done;
	}
	add_references(e, dir, id, refs, &nrefs);
	if (ap_engine_decide(e, ap_req_view(req), 0, &res, &err) != AP_OK) {
		if (verbose)
			printf("FAIL %s: %s\n", id, err.message);
		goto done;
	}
	actual_obligations(res.obligations, res.nobligations, &obl);
	actual_obligations(res.advice, res.nadvice, &adv);
	for (i = 0; i < ap_req_view(req)->count; i++) {
		const struct ap_req_attr *a = &ap_req_view(req)->attrs[i];
		char line[2048], v[1024];

		if (!a->include_in_result)
			continue;
		snprintf(line, sizeof(line), "%s|%s|%s|%s", a->category_id, a->id,
			 a->data_type ? a->data_type : "http://www.w3.org/2001/XMLSchema#string",
			 trim(a->value, v, sizeof(v)));
		items_add(&attrs, line);
	}
	ok = strcmp(want.decision, ap_decision_name(res.decision)) == 0 &&
	     (res.decision != AP_DECISION_INDETERMINATE || strcmp(want.status, res.status) == 0) &&
	     items_equal(&want.obl, &obl) && items_equal(&want.adv, &adv) &&
	     items_equal(&want.attrs, &attrs);
	if (!ok && verbose) {
		printf("FAIL %s: expected %s (%s), got %s (%s: %s)\n", id, want.decision, want.status,
		       ap_decision_name(res.decision), res.status, res.status_message);
		if (!items_equal(&want.obl, &obl) || !items_equal(&want.adv, &adv))
			printf("  obligations or advice differ: expected %zu+%zu, got %zu+%zu entries\n",
			       want.obl.n, want.adv.n, obl.n, adv.n);
		if (!items_equal(&want.attrs, &attrs))
			printf("  returned attributes differ: expected %zu, got %zu\n", want.attrs.n, attrs.n);
	}
done:
	ap_result_release(&res);
	ap_engine_free(e);
	ap_doc_free(doc);
	for (i = 0; i < nrefs; i++)
		ap_doc_free(refs[i]);
	ap_req_free(req);
	items_free(&want.obl);
	items_free(&want.adv);
	items_free(&want.attrs);
	items_free(&obl);
	items_free(&adv);
	items_free(&attrs);
	return ok;
}

static int mandatory(const char *group)
{
	return strcmp(group, "IIA") == 0 || strcmp(group, "IIB") == 0 ||
	       strcmp(group, "IIC") == 0 || strcmp(group, "IID") == 0;
}

static int run_dir(const char *dir, int verbose, int only_mandatory)
{
	struct group groups[MAX_GROUPS];
	struct items ids = {{0}, 0};
	size_t ng = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);
	int bad = 0;
	char **all = NULL;
	size_t nall = 0;

	if (d == NULL) {
		printf("conformance: %s: cannot open\n", dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 11 && strcmp(de->d_name + n - 11, "Request.xml") == 0) {
			char **p = realloc(all, (nall + 1) * sizeof(*p));

			if (p == NULL)
				break;
			all = p;
			all[nall++] = strndup(de->d_name, n - 11);
		}
	}
	closedir(d);
	qsort(all, nall, sizeof(*all), cmp_str);
	for (i = 0; i < nall; i++) {
		struct group *g = group_of(groups, &ng, all[i]);
		const char *why = skip_reason(dir, all[i]);

		if (why) {
			char line[512];

			g->skip++;
			snprintf(line, sizeof(line), "  skipped %s: %s", all[i], why);
			items_add(&ids, line);
		} else if (run_case(dir, all[i], verbose)) {
			g->pass++;
		} else {
			g->fail++;
			if (!only_mandatory || mandatory(g->name))
				bad = 1;
		}
		free(all[i]);
	}
	free(all);
	printf("conformance %s:\n", dir);
	for (i = 0; i < ng; i++)
		printf("  %-5s %3d of %3d passed%s, %d skipped\n", groups[i].name, groups[i].pass,
		       groups[i].pass + groups[i].fail, mandatory(groups[i].name) ? " (mandatory)" : "",
		       groups[i].skip);
	for (i = 0; i < ids.n; i++)
		printf("%s\n", ids.s[i]);
	items_free(&ids);
	return bad;
}

int main(int argc, char **argv)
{
	int i, verbose = 0, only_mandatory = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "-m") == 0)
			only_mandatory = 1;
		else
			bad |= run_dir(argv[i], verbose, only_mandatory);
	}
	return bad;
}
