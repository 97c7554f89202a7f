/*
 * Decision tests (docs/altinn-policy-test.md): a JSON file of cases, each
 * a request (the JSON profile, or shortcuts) with the decision and
 * obligations it must give.
 */
#include "internal.h"
#include "altinn-policy/fsutil.h"
#include "eval/engine.h"
#include "report/escape.h"
#include "request/request.h"

#include <stdio.h>
#include <sys/stat.h>

#define MAX_FILE ((size_t)16 * 1024 * 1024)

struct outcome {
	const char *name;
	uint32_t line;
	const char *failure; /* NULL: passed */
};

struct ap_suite {
	struct ap_arena arena;
	const char *path;
	const char *policy_path;
	struct outcome *cases;
	size_t ncases;
	size_t passed, failed;
	const struct ap_node **uncovered; /* rules no case made applicable */
	size_t nuncovered, nrules;
	ap_doc *doc;
};

/* Line of each case object: the '{' directly inside the "cases" array. */
static size_t case_lines(const char *buf, size_t len, uint32_t *lines, size_t max)
{
	size_t i, n = 0;
	int depth = 0, cases_depth = -1, key_is_cases = 0;
	uint32_t line = 1;

	for (i = 0; i < len; i++) {
		char c = buf[i];

		if (c == '\n') {
			line++;
		} else if (c == '"') {
			size_t start = ++i;

			while (i < len && buf[i] != '"') {
				if (buf[i] == '\\')
					i++;
				else if (buf[i] == '\n')
					line++;
				i++;
			}
			if (depth == 1)
				key_is_cases = i - start == 5 && memcmp(buf + start, "cases", 5) == 0;
		} else if (c == '{' || c == '[') {
			depth++;
			if (c == '[' && depth == 2 && key_is_cases)
				cases_depth = depth;
			else if (c == '{' && cases_depth >= 0 && depth == cases_depth + 1 && n < max)
				lines[n++] = line;
		} else if (c == '}' || c == ']') {
			if (depth == cases_depth && c == ']')
				cases_depth = -1;
			depth--;
		}
	}
	return n;
}

static int file_exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The policy a test file is about: its "policy", else its own name
 * without ".tests.json" (as is, or with ".xml"). */
static const char *policy_path(ap_suite *s, const json_t *root, struct ap_error *err)
{
	const json_t *p = json_object_get(root, "policy");
	const char *slash = strrchr(s->path, '/');
	size_t dir = slash ? (size_t)(slash - s->path) + 1 : 0, n = strlen(s->path);
	char buf[4096];

	if (p) {
		if (!json_is_string(p)) {
			ap_error_set_at(err, AP_EINVALID, s->path, 0, 0, "\"policy\" must be a file name");
			return NULL;
		}
		if (json_string_value(p)[0] == '/')
			dir = 0;
		snprintf(buf, sizeof(buf), "%.*s%s", (int)dir, s->path, json_string_value(p));
		return ap_arena_strndup(&s->arena, buf, strlen(buf));
	}
	if (n > 11 && strcmp(s->path + n - 11, ".tests.json") == 0) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(n - 11), s->path);
		if (!file_exists(buf))
			snprintf(buf, sizeof(buf), "%.*s.xml", (int)(n - 11), s->path);
		return ap_arena_strndup(&s->arena, buf, strlen(buf));
	}
	ap_error_set_at(err, AP_EINVALID, s->path, 0, 0,
			"no \"policy\" in the file, and its name does not end in .tests.json");
	return NULL;
}

/* Shortcuts of one category: a string or a list of strings. */
static int shortcuts(ap_req *r, enum ap_category cat, const json_t *v, struct ap_error *err)
{
	size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
	int ret;

	if (v == NULL)
		return AP_OK;
	for (i = 0; i < n; i++) {
		const json_t *one = json_is_array(v) ? json_array_get(v, i) : v;

		if (!json_is_string(one))
			return ap_error_set(err, AP_EINVALID, "subject, action and resource take a string or a list of strings");
		if ((ret = ap_req_add_shortcut(r, cat, json_string_value(one), err)) != AP_OK)
			return ret;
	}
	return AP_OK;
}

static int request_of(const char *where, const json_t *c, ap_req **out, struct ap_error *err)
{
	const json_t *rq = json_object_get(c, "request");
	ap_req *r = NULL;
	int ret = ap_req_new(&r, err);

	if (ret == AP_OK && rq)
		ret = ap_req__from_json(r, rq, where, err);
	if (ret == AP_OK && ap_req_multi_count(r))
		ret = ap_error_set(err, AP_EINVALID, "a case holds one request: MultiRequests are for eval");
	if (ret == AP_OK)
		ret = shortcuts(r, AP_CAT_SUBJECT, json_object_get(c, "subject"), err);
	if (ret == AP_OK)
		ret = shortcuts(r, AP_CAT_ACTION, json_object_get(c, "action"), err);
	if (ret == AP_OK)
		ret = shortcuts(r, AP_CAT_RESOURCE, json_object_get(c, "resource"), err);
	if (ret != AP_OK) {
		ap_req_free(r);
		return ret;
	}
	*out = r;
	return AP_OK;
}

static int field_ok(const json_t *want, const char *key, const char *got)
{
	const json_t *w = json_object_get(want, key);

	return w == NULL || (json_is_string(w) && got && strcmp(json_string_value(w), got) == 0);
}

/* Whether some assignment of the result satisfies the expected entry
 * (any of id, attribute_id, category, value given; the rest free). */
static int has_obligation(const struct ap_result *res, const json_t *want)
{
	size_t i, j;

	for (i = 0; i < res->nobligations; i++) {
		const struct ap_obligation *o = &res->obligations[i];

		if (!field_ok(want, "id", o->id))
			continue;
		if (o->count == 0 && !json_object_get(want, "value") &&
		    !json_object_get(want, "category") && !json_object_get(want, "attribute_id"))
			return 1;
		for (j = 0; j < o->count; j++)
			if (field_ok(want, "attribute_id", o->assignments[j].attribute_id) &&
			    field_ok(want, "category", o->assignments[j].category) &&
			    field_ok(want, "value", o->assignments[j].value))
				return 1;
	}
	return 0;
}

/* "" when the result is what the case expects, else why not. */
static const char *judge(ap_suite *s, const json_t *c, const struct ap_result *res,
			 enum ap_decision want)
{
	const json_t *obl = json_object_get(c, "obligations"), *w;
	char buf[1024];
	size_t i;

	if (res->decision != want) {
		snprintf(buf, sizeof(buf), "expected %s, got %s%s%s", ap_decision_name(want),
			 ap_decision_name(res->decision),
			 strcmp(res->status, AP_STATUS_OK) ? " " : "",
			 strcmp(res->status, AP_STATUS_OK) ? res->status : "");
		return ap_arena_strndup(&s->arena, buf, strlen(buf));
	}
	if (obl == NULL)
		return "";
	if (json_array_size(obl) == 0 && res->nobligations) {
		snprintf(buf, sizeof(buf), "expected no obligations, got %zu (first: %s)",
			 res->nobligations, res->obligations[0].id);
		return ap_arena_strndup(&s->arena, buf, strlen(buf));
	}
	json_array_foreach(obl, i, w) {
		const json_t *v = json_object_get(w, "value"), *cat = json_object_get(w, "category");

		if (has_obligation(res, w))
			continue;
		snprintf(buf, sizeof(buf), "expected an obligation%s%s%s%s, got %s",
			 json_is_string(cat) ? " in category " : "",
			 json_is_string(cat) ? json_string_value(cat) : "",
			 json_is_string(v) ? " with value " : "",
			 json_is_string(v) ? json_string_value(v) : "",
			 res->nobligations ? "other obligations" : "none");
		return ap_arena_strndup(&s->arena, buf, strlen(buf));
	}
	return "";
}

static int run_case(ap_suite *s, const ap_engine *e, const json_t *c, uint32_t line,
		    unsigned char *covered, struct ap_error *err)
{
	const json_t *name = json_object_get(c, "name"), *expect = json_object_get(c, "expect");
	const json_t *obl = json_object_get(c, "obligations");
	struct ap_result res = AP_RESULT_INIT;
	struct outcome *o = &s->cases[s->ncases];
	enum ap_decision want;
	ap_req *req = NULL;
	size_t i;
	int ret;

	if (!json_is_object(c) || !json_is_string(expect) ||
	    ap_decision_parse(&want, json_string_value(expect)) != AP_OK ||
	    (obl && !json_is_array(obl)))
		return ap_error_set_at(err, AP_EINVALID, s->path, line, 0,
				       "a case needs \"expect\": Permit, Deny, NotApplicable or Indeterminate (and \"obligations\" is a list)");
	if ((ret = request_of(s->path, c, &req, err)) != AP_OK) {
		err->line = line;
		snprintf(err->file, sizeof(err->file), "%s", s->path);
		return ret;
	}
	ret = ap_engine_decide(e, ap_req_view(req), AP_EVAL_EXPLAIN, &res, err);
	if (ret == AP_OK) {
		for (i = 0; i < res.ntrace; i++)
			if (res.trace[i].applicable) {
				size_t k;

				for (k = 0; k < ap_engine_rule_count(e); k++)
					if (ap_engine_rule(e, k) == res.trace[i].rule)
						covered[k] = 1;
			}
		o->name = ap_arena_strndup(&s->arena, json_is_string(name) ? json_string_value(name) : "",
					   json_is_string(name) ? strlen(json_string_value(name)) : 0);
		o->line = line;
		o->failure = judge(s, c, &res, want);
		if (o->name == NULL || o->failure == NULL) {
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		} else {
			if (o->name[0] == '\0') {
				char buf[32];

				snprintf(buf, sizeof(buf), "case %zu", s->ncases + 1);
				o->name = ap_arena_strndup(&s->arena, buf, strlen(buf));
			}
			if (o->failure[0] == '\0') {
				o->failure = NULL;
				s->passed++;
			} else {
				s->failed++;
			}
			s->ncases++;
		}
	}
	ap_result_release(&res);
	ap_req_free(req);
	return ret;
}

static int run_cases(ap_suite *s, const json_t *root, const char *buf, size_t len,
		     enum ap_semantics sem, struct ap_error *err)
{
	const json_t *cases = json_object_get(root, "cases"), *sm = json_object_get(root, "semantics");
	unsigned char *covered = NULL;
	ap_engine *e = NULL;
	uint32_t *lines = NULL;
	size_t i, n;
	int ret;

	if (sm && (!json_is_string(sm) || ap_semantics_parse(&sem, json_string_value(sm)) != AP_OK))
		return ap_error_set_at(err, AP_EINVALID, s->path, 0, 0,
				       "\"semantics\" must be altinn, altinn-legacy or xacml");
	if (!json_is_array(cases))
		return ap_error_set_at(err, AP_EINVALID, s->path, 0, 0, "no \"cases\" list");
	n = json_array_size(cases);
	s->cases = ap_arena_calloc(&s->arena, (n ? n : 1) * sizeof(*s->cases));
	lines = ap_calloc(n ? n : 1, sizeof(*lines));
	if (s->cases == NULL || lines == NULL) {
		ap_free(lines);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	case_lines(buf, len, lines, n);
	ret = ap_doc_load_file(&s->doc, s->policy_path, NULL, NULL, err);
	if (ret == AP_OK)
		ret = ap_engine_new(&e, s->doc, sem, err);
	if (ret == AP_OK) {
		s->nrules = ap_engine_rule_count(e);
		covered = ap_calloc(s->nrules + 1, 1);
		s->uncovered = ap_arena_calloc(&s->arena, (s->nrules + 1) * sizeof(*s->uncovered));
		if (covered == NULL || s->uncovered == NULL) {
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
			goto done;
		}
	}
	for (i = 0; i < n && ret == AP_OK; i++)
		ret = run_case(s, e, json_array_get(cases, i), lines[i], covered, err);
	for (i = 0; ret == AP_OK && i < s->nrules; i++)
		if (!covered[i])
			s->uncovered[s->nuncovered++] = ap_engine_rule(e, i);
done:
	ap_free(covered);
	ap_free(lines);
	ap_engine_free(e);
	return ret;
}

int ap_suite_run(ap_suite **out, const char *path, enum ap_semantics sem,
		 struct ap_error *err)
{
	ap_suite *s = ap_calloc(1, sizeof(*s));
	json_error_t je;
	json_t *root = NULL;
	char *buf = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (s == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	s->path = ap_arena_strndup(&s->arena, path, strlen(path));
	if (s->path == NULL) {
		ap_suite_free(s);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	ret = ap_file_read(&buf, &len, path, MAX_FILE, err);
	if (ret == AP_OK) {
		root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
		if (root == NULL)
			ret = ap_error_set_at(err, AP_EPARSE, path, (uint32_t)(je.line > 0 ? je.line : 0),
					      (uint32_t)(je.column > 0 ? je.column : 0), "%s", je.text);
		else if (!json_is_object(root))
			ret = ap_error_set_at(err, AP_EINVALID, path, 1, 1, "a test file is a JSON object with \"cases\"");
	}
	if (ret == AP_OK && (s->policy_path = policy_path(s, root, err)) == NULL)
		ret = err->code ? err->code : AP_ENOMEM;
	if (ret == AP_OK)
		ret = run_cases(s, root, buf, len, sem, err);
	json_decref(root);
	ap_free(buf);
	if (ret != AP_OK) {
		ap_suite_free(s);
		return ret;
	}
	*out = s;
	return AP_OK;
}

void ap_suite_free(ap_suite *s)
{
	if (s == NULL)
		return;
	ap_doc_free(s->doc);
	ap_arena_release(&s->arena);
	ap_free(s);
}

void ap_suite_counts(const ap_suite *s, struct ap_suite_counts *c)
{
	c->passed = s->passed;
	c->failed = s->failed;
	c->rules = s->nrules;
	c->rules_uncovered = s->nuncovered;
}

static int uncovered_text(const ap_suite *s, struct ap_buf *out)
{
	size_t i;
	int ret = AP_OK;

	for (i = 0; i < s->nuncovered && ret == AP_OK; i++)
		ret = ap_buf_addf(out, "%s:%u:%u: rule '%s' is not applicable in any case of %s\n",
				  s->policy_path, ap_node_line(s->uncovered[i]), ap_node_col(s->uncovered[i]),
				  s->uncovered[i]->u.rule.rule_id ? s->uncovered[i]->u.rule.rule_id : "",
				  s->path);
	if (ret == AP_OK)
		ret = ap_buf_addf(out, "%s: coverage: %zu of %zu rules applicable in some case\n",
				  s->path, s->nrules - s->nuncovered, s->nrules);
	return ret;
}

static int junit(const ap_suite *s, int coverage, struct ap_buf *out)
{
	size_t i;
	int ret = ap_buf_adds(out, "  <testsuite");

	if (ret == AP_OK)
		ret = ap_report__xml_attr(out, "name", s->path);
	if (ret == AP_OK)
		ret = ap_buf_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", s->ncases, s->failed);
	for (i = 0; i < s->ncases && ret == AP_OK; i++) {
		char where[64];

		snprintf(where, sizeof(where), "%u", s->cases[i].line);
		ret = ap_buf_adds(out, "    <testcase");
		if (ret == AP_OK)
			ret = ap_report__xml_attr(out, "name", s->cases[i].name);
		if (ret == AP_OK)
			ret = ap_report__xml_attr(out, "classname", s->policy_path);
		if (ret == AP_OK)
			ret = ap_report__xml_attr(out, "file", s->path);
		if (ret == AP_OK)
			ret = ap_report__xml_attr(out, "line", where);
		if (ret == AP_OK && s->cases[i].failure == NULL)
			ret = ap_buf_adds(out, "/>\n");
		else if (ret == AP_OK) {
			ret = ap_buf_adds(out, ">\n      <failure");
			if (ret == AP_OK)
				ret = ap_report__xml_attr(out, "message", s->cases[i].failure);
			if (ret == AP_OK)
				ret = ap_buf_adds(out, "/>\n    </testcase>\n");
		}
	}
	if (ret == AP_OK && coverage && s->nuncovered) {
		struct ap_buf text = AP_BUF_INIT;

		ret = uncovered_text(s, &text);
		if (ret == AP_OK)
			ret = ap_buf_adds(out, "    <system-out>");
		if (ret == AP_OK)
			ret = ap_report__xml_escape(out, text.ptr);
		if (ret == AP_OK)
			ret = ap_buf_adds(out, "</system-out>\n");
		ap_buf_release(&text);
	}
	if (ret == AP_OK)
		ret = ap_buf_adds(out, "  </testsuite>\n");
	return ret;
}

int ap_suite_format(const ap_suite *s, enum ap_suite_format f, int coverage,
		    struct ap_buf *out)
{
	size_t i;
	int ret = AP_OK;

	if (f == AP_SUITE_JUNIT)
		return junit(s, coverage, out);
	for (i = 0; i < s->ncases && ret == AP_OK; i++)
		if (s->cases[i].failure)
			ret = ap_buf_addf(out, "FAIL %s:%u: %s: %s\n", s->path, s->cases[i].line,
					  s->cases[i].name, s->cases[i].failure);
	if (ret == AP_OK && coverage)
		ret = uncovered_text(s, out);
	return ret;
}
