/*
 * .altinn-policy.json: read with jansson (positions of syntax errors from
 * jansson; positions of bad keys and values found in the text), checked
 * completely at load so that linting never meets a bad setting.
 */
#include "internal.h"
#include "altinn-policy/config.h"
#include "altinn-policy/fsutil.h"
#include "lint/rule.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <fnmatch.h>
#include <jansson.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_SETTINGS 256
#define MAX_ACTIONS 16

struct settings {
	struct ap_rule_setting rules[MAX_SETTINGS];
	size_t nrules;
	int has_profile;
	enum ap_profile profile;
};

struct profile_req {
	struct ap_requirements req;
	const char *actions[MAX_ACTIONS];
	int set;
};

struct override {
	json_t *files; /* array of glob strings (borrowed from root) */
	struct settings s;
};

struct ap_config {
	char *path;
	char *dir; /* absolute, no trailing slash */
	char *text;
	json_t *root;
	json_t *patterns_options[2]; /* owned option objects made from "patterns" */
	json_t *ignore;
	struct settings base;
	struct override *overrides;
	size_t noverrides;
	struct profile_req require[AP_PROFILE_COUNT];
	char **template_dirs; /* "templates", against dir */
	size_t ntemplate_dirs;
};

/* Line and column (1-based) of the first occurrence of "key" in text. */
static void find_key(const char *text, const char *key, uint32_t *line,
		     uint32_t *col)
{
	char quoted[300];
	const char *p, *q;

	*line = 1;
	*col = 1;
	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(text, quoted);
	if (p == NULL)
		return;
	for (q = text; q < p; q++) {
		if (*q == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static int bad(struct ap_config *c, struct ap_error *err, const char *key,
	       const char *what)
{
	uint32_t line, col;

	find_key(c->text, key, &line, &col);
	return ap_error_set_at(err, AP_EPARSE, c->path, line, col,
			       "%s:%u:%u: %s", c->path, (unsigned)line,
			       (unsigned)col, what);
}

static int parse_rules(struct ap_config *c, json_t *rules, struct settings *s,
		       struct ap_error *err)
{
	const char *id;
	json_t *v;
	char msg[300];

	if (!json_is_object(rules))
		return bad(c, err, "rules", "'rules' must be an object of rule ids");
	json_object_foreach(rules, id, v) {
		struct ap_rule_setting *r;
		json_t *sev = v, *opt = NULL;

		if (ap_lint__rule_find(id) == NULL) {
			snprintf(msg, sizeof(msg), "no rule '%.64s' (see 'altinn-policy rules')", id);
			return bad(c, err, id, msg);
		}
		if (s->nrules == MAX_SETTINGS)
			return bad(c, err, id, "too many rule settings");
		if (json_is_object(v)) {
			const char *k;
			json_t *x;

			json_object_foreach(v, k, x) {
				if (strcmp(k, "severity") != 0 && strcmp(k, "options") != 0) {
					snprintf(msg, sizeof(msg), "unknown key '%.64s' in the settings of %s (severity, options)", k, id);
					return bad(c, err, k, msg);
				}
			}
			sev = json_object_get(v, "severity");
			opt = json_object_get(v, "options");
			if (opt && !json_is_object(opt)) {
				snprintf(msg, sizeof(msg), "the options of %s must be an object", id);
				return bad(c, err, id, msg);
			}
		}
		r = &s->rules[s->nrules++];
		r->id = ap_lint__rule_find(id)->id;
		r->options = opt;
		r->has_severity = 0;
		if (sev != NULL) {
			if (!json_is_string(sev) ||
			    ap_severity_parse(&r->severity, json_string_value(sev)) != AP_OK) {
				snprintf(msg, sizeof(msg), "the severity of %s must be off, info, warning or error", id);
				return bad(c, err, id, msg);
			}
			r->has_severity = 1;
		}
	}
	return AP_OK;
}

static int parse_profile(struct ap_config *c, json_t *v, const char *key,
			 struct settings *s, struct ap_error *err)
{
	char msg[200];

	if (!json_is_string(v) || ap_profile_parse(&s->profile, json_string_value(v)) != AP_OK) {
		snprintf(msg, sizeof(msg), "'%s' must be correspondence, resource, app or delegation", key);
		return bad(c, err, key, msg);
	}
	s->has_profile = 1;
	return AP_OK;
}

static int check_globs(struct ap_config *c, json_t *v, const char *key,
		       struct ap_error *err)
{
	size_t i;
	json_t *g;
	char msg[200];

	snprintf(msg, sizeof(msg), "'%s' must be an array of glob strings", key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return bad(c, err, key, msg);
	json_array_foreach(v, i, g)
		if (!json_is_string(g))
			return bad(c, err, key, msg);
	return AP_OK;
}

static int parse_require(struct ap_config *c, json_t *v, struct ap_error *err)
{
	const char *name;
	json_t *p;

	if (!json_is_object(v))
		return bad(c, err, "require", "'require' must map profile names to requirements");
	json_object_foreach(v, name, p) {
		enum ap_profile prof;
		struct profile_req *r;
		json_t *acts, *subj, *a;
		const char *k;
		json_t *x;
		size_t i;

		if (ap_profile_parse(&prof, name) != AP_OK)
			return bad(c, err, name, "keys of 'require' are profile names: correspondence, resource, app, delegation");
		if (!json_is_object(p))
			return bad(c, err, name, "a requirement is an object with 'actions' and 'subject'");
		json_object_foreach(p, k, x)
			if (strcmp(k, "actions") != 0 && strcmp(k, "subject") != 0)
				return bad(c, err, k, "a requirement has only 'actions' and 'subject'");
		r = &c->require[prof];
		r->set = 1;
		acts = json_object_get(p, "actions");
		if (acts) {
			if (!json_is_array(acts) || json_array_size(acts) == 0 ||
			    json_array_size(acts) > MAX_ACTIONS)
				return bad(c, err, "actions", "'actions' must be an array of 1 to 16 action ids");
			json_array_foreach(acts, i, a) {
				if (!json_is_string(a) || json_string_length(a) == 0)
					return bad(c, err, "actions", "'actions' must be an array of action ids");
				r->actions[i] = json_string_value(a);
			}
			r->req.actions = r->actions;
			r->req.nactions = json_array_size(acts);
		}
		subj = json_object_get(p, "subject");
		if (subj) {
			json_t *id = json_object_get(subj, "attribute");
			json_t *val = json_object_get(subj, "value");

			if (!json_is_object(subj) || !json_is_string(id) || !json_is_string(val) ||
			    json_object_size(subj) != 2)
				return bad(c, err, "subject", "'subject' must be {\"attribute\": \"urn:...\", \"value\": \"...\"}");
			r->req.subject_id = json_string_value(id);
			r->req.subject_value = json_string_value(val);
		}
	}
	return AP_OK;
}

/* "patterns": PCRE2 conventions, checked here, handed to AX-Q002/AX-Q003. */
static int parse_patterns(struct ap_config *c, json_t *v, struct ap_error *err)
{
	static const struct {
		const char *key, *rule, *option;
	} map[] = {
		{"ruleId", "AX-Q002", "pattern"},
		{"policyId", "AX-Q003", "pattern"},
		{"resourceId", "AX-Q003", "resourcePattern"},
	};
	const char *k;
	json_t *x;
	size_t i;
	char msg[400];

	if (!json_is_object(v))
		return bad(c, err, "patterns", "'patterns' must be an object (ruleId, policyId, resourceId)");
	json_object_foreach(v, k, x) {
		pcre2_code *re;
		int code;
		PCRE2_SIZE off;
		size_t m;

		for (m = 0; m < ARRAY_SIZE(map); m++)
			if (strcmp(map[m].key, k) == 0)
				break;
		if (m == ARRAY_SIZE(map))
			return bad(c, err, k, "keys of 'patterns' are ruleId, policyId and resourceId");
		if (!json_is_string(x))
			return bad(c, err, k, "a pattern is a string (PCRE2)");
		re = pcre2_compile((PCRE2_SPTR)json_string_value(x), PCRE2_ZERO_TERMINATED,
				   PCRE2_UTF, &code, &off, NULL);
		if (re == NULL) {
			PCRE2_UCHAR8 emsg[200];

			pcre2_get_error_message(code, emsg, sizeof(emsg));
			snprintf(msg, sizeof(msg), "pattern '%s' does not compile at offset %zu: %s",
				 k, (size_t)off, (const char *)emsg);
			return bad(c, err, k, msg);
		}
		pcre2_code_free(re);
		i = strcmp(map[m].rule, "AX-Q002") == 0 ? 0 : 1;
		if (c->patterns_options[i] == NULL &&
		    (c->patterns_options[i] = json_object()) == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		if (json_object_set(c->patterns_options[i], map[m].option, x) != 0)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	return AP_OK;
}

static int add_pattern_settings(struct ap_config *c, struct ap_error *err)
{
	static const char *const ids[2] = {"AX-Q002", "AX-Q003"};
	size_t i, k;

	for (i = 0; i < 2; i++) {
		if (c->patterns_options[i] == NULL || ap_lint__rule_find(ids[i]) == NULL)
			continue;
		for (k = 0; k < c->base.nrules; k++)
			if (strcmp(c->base.rules[k].id, ids[i]) == 0)
				break;
		if (k < c->base.nrules && c->base.rules[k].options != NULL)
			continue; /* explicit rule options win */
		if (k == c->base.nrules) {
			if (k == MAX_SETTINGS)
				return bad(c, err, "patterns", "too many rule settings");
			c->base.rules[k].id = ap_lint__rule_find(ids[i])->id;
			c->base.rules[k].has_severity = 0;
			c->base.nrules++;
		}
		c->base.rules[k].options = c->patterns_options[i];
	}
	return AP_OK;
}

static int parse_override(struct ap_config *c, json_t *o, struct override *ov,
			  struct ap_error *err)
{
	const char *k;
	json_t *x;
	int ret;

	if (!json_is_object(o))
		return bad(c, err, "overrides", "each override is an object with 'files'");
	json_object_foreach(o, k, x) {
		if (strcmp(k, "files") == 0)
			ret = check_globs(c, x, k, err);
		else if (strcmp(k, "profile") == 0)
			ret = parse_profile(c, x, k, &ov->s, err);
		else if (strcmp(k, "rules") == 0)
			ret = parse_rules(c, x, &ov->s, err);
		else
			ret = bad(c, err, k, "an override has only 'files', 'profile' and 'rules'");
		if (ret != AP_OK)
			return ret;
	}
	ov->files = json_object_get(o, "files");
	if (ov->files == NULL)
		return bad(c, err, "overrides", "an override needs 'files'");
	return AP_OK;
}

/*
 * An override's rule settings come after the base ones, so that (settings
 * being applied in order) it changes only the rules it names.
 */
static int merge_overrides(struct ap_config *c, struct ap_error *err)
{
	size_t i;

	for (i = 0; i < c->noverrides; i++) {
		struct settings *s = &c->overrides[i].s;

		if (s->nrules == 0)
			continue;
		if (s->nrules + c->base.nrules > MAX_SETTINGS)
			return bad(c, err, "overrides", "too many rule settings");
		memmove(s->rules + c->base.nrules, s->rules, s->nrules * sizeof(s->rules[0]));
		memcpy(s->rules, c->base.rules, c->base.nrules * sizeof(s->rules[0]));
		s->nrules += c->base.nrules;
	}
	return AP_OK;
}

/* "templates": directories of generate templates, relative to the file. */
static int parse_templates(struct ap_config *c, json_t *v, struct ap_error *err)
{
	size_t i;
	json_t *d;

	if (!json_is_array(v))
		return bad(c, err, "templates", "'templates' must be an array of directories");
	c->template_dirs = ap_calloc(json_array_size(v) + 1, sizeof(*c->template_dirs));
	if (c->template_dirs == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	json_array_foreach(v, i, d) {
		const char *s = json_string_value(d);
		size_t n;

		if (s == NULL || s[0] == '\0')
			return bad(c, err, "templates", "'templates' must be an array of directories");
		n = strlen(c->dir) + strlen(s) + 2;
		c->template_dirs[i] = ap_malloc(n);
		if (c->template_dirs[i] == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		snprintf(c->template_dirs[i], n, "%s%s%s", s[0] == '/' ? "" : c->dir,
			 s[0] == '/' ? "" : "/", s);
		c->ntemplate_dirs++;
	}
	return AP_OK;
}

const char *const *ap_config_template_dirs(const ap_config *c, size_t *n)
{
	*n = c->ntemplate_dirs;
	return (const char *const *)c->template_dirs;
}

static int parse_root(struct ap_config *c, struct ap_error *err)
{
	const char *k;
	json_t *x;
	int ret = AP_OK;

	if (!json_is_object(c->root))
		return ap_error_set_at(err, AP_EPARSE, c->path, 1, 1,
				       "%s:1:1: the configuration must be a JSON object", c->path);
	json_object_foreach(c->root, k, x) {
		if (strcmp(k, "$schema") == 0)
			ret = json_is_string(x) ? AP_OK : bad(c, err, k, "'$schema' must be a string");
		else if (strcmp(k, "profile") == 0)
			ret = parse_profile(c, x, k, &c->base, err);
		else if (strcmp(k, "rules") == 0)
			ret = parse_rules(c, x, &c->base, err);
		else if (strcmp(k, "ignore") == 0)
			ret = check_globs(c, x, k, err);
		else if (strcmp(k, "require") == 0)
			ret = parse_require(c, x, err);
		else if (strcmp(k, "patterns") == 0)
			ret = parse_patterns(c, x, err);
		else if (strcmp(k, "templates") == 0)
			ret = parse_templates(c, x, err);
		else if (strcmp(k, "publish") == 0) /* read by publish (docs/publish.md) */
			ret = json_is_object(x) ? AP_OK : bad(c, err, k, "'publish' must be an object");
		else if (strcmp(k, "overrides") == 0) {
			size_t i;
			json_t *o;

			if (!json_is_array(x))
				return bad(c, err, k, "'overrides' must be an array");
			c->overrides = ap_calloc(json_array_size(x) + 1, sizeof(*c->overrides));
			if (c->overrides == NULL)
				return ap_error_set(err, AP_ENOMEM, "out of memory");
			json_array_foreach(x, i, o) {
				ret = parse_override(c, o, &c->overrides[i], err);
				if (ret != AP_OK)
					return ret;
				c->noverrides++;
			}
		} else {
			char msg[200];

			snprintf(msg, sizeof(msg),
				 "unknown key '%.64s' (profile, rules, ignore, require, patterns, overrides, templates, publish)", k);
			ret = bad(c, err, k, msg);
		}
		if (ret != AP_OK)
			return ret;
	}
	c->ignore = json_object_get(c->root, "ignore");
	ret = add_pattern_settings(c, err);
	if (ret != AP_OK)
		return ret;
	return merge_overrides(c, err);
}

int ap_config_load(ap_config **out, const char *path, struct ap_error *err)
{
	struct ap_config *c;
	json_error_t jerr;
	size_t len;
	char *slash, abs[PATH_MAX];
	int ret;

	*out = NULL;
	c = ap_calloc(1, sizeof(*c));
	if (c == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	c->path = ap_strdup(path);
	if (c->path == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	ret = ap_file_read(&c->text, &len, path, 1 << 20, err);
	if (ret != AP_OK)
		goto done;
	c->root = json_loadb(c->text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (c->root == NULL) {
		ret = ap_error_set_at(err, AP_EPARSE, path, (uint32_t)(jerr.line > 0 ? jerr.line : 1),
				      (uint32_t)(jerr.column > 0 ? jerr.column : 1), "%s:%d:%d: %s",
				      path, jerr.line, jerr.column, jerr.text);
		goto done;
	}
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof(abs), "%s", path);
	slash = strrchr(abs, '/');
	c->dir = slash ? ap_strndup(abs, (size_t)(slash - abs)) : ap_strdup(".");
	if (c->dir == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	ret = parse_root(c, err);
done:
	if (ret != AP_OK) {
		ap_config_free(c);
		return ret;
	}
	*out = c;
	return AP_OK;
}

void ap_config_free(ap_config *c)
{
	if (c == NULL)
		return;
	json_decref(c->patterns_options[0]);
	json_decref(c->patterns_options[1]);
	json_decref(c->root);
	for (size_t i = 0; i < c->ntemplate_dirs; i++)
		ap_free(c->template_dirs[i]);
	ap_free(c->template_dirs);
	ap_free(c->overrides);
	ap_free(c->text);
	ap_free(c->dir);
	ap_free(c->path);
	ap_free(c);
}

const char *ap_config_path(const ap_config *c)
{
	return c->path;
}

int ap_config_find(char **out, const char *file)
{
	char dir[PATH_MAX], cand[PATH_MAX + 32];
	char *slash;
	FILE *f;

	*out = NULL;
	if (strcmp(file, "-") == 0) {
		if (getcwd(dir, sizeof(dir)) == NULL)
			return AP_OK;
	} else if (realpath(file, dir) != NULL) {
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
	} else {
		return AP_OK;
	}
	for (;;) {
		snprintf(cand, sizeof(cand), "%s/%s", dir, AP_CONFIG_NAME);
		f = fopen(cand, "r");
		if (f != NULL) {
			char cwd[PATH_MAX];
			size_t n;
			const char *shown = cand;

			fclose(f);
			/* report it relative to the working directory when inside */
			if (getcwd(cwd, sizeof(cwd)) != NULL) {
				n = strlen(cwd);
				if (strncmp(cand, cwd, n) == 0 && cand[n] == '/')
					shown = cand + n + 1;
			}
			*out = ap_strdup(shown);
			return *out ? AP_OK : AP_ENOMEM;
		}
		slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			break;
		*slash = '\0';
	}
	return AP_OK;
}

/* file relative to the config's directory ("" when outside it). */
static const char *relative(const struct ap_config *c, const char *file,
			    char *buf, size_t len)
{
	size_t n = strlen(c->dir);

	if (realpath(file, buf) == NULL)
		snprintf(buf, len, "%s", file);
	if (strncmp(buf, c->dir, n) == 0 && buf[n] == '/')
		return buf + n + 1;
	return buf;
}

static int matches_any(const json_t *globs, const char *rel)
{
	size_t i;
	json_t *g;

	json_array_foreach(globs, i, g)
		if (fnmatch(json_string_value(g), rel, 0) == 0)
			return 1;
	return 0;
}

static void apply_settings(const struct settings *s, struct ap_lint_options *o)
{
	if (s->has_profile)
		o->profile = s->profile;
	if (s->nrules) {
		o->rules = s->rules;
		o->nrules = s->nrules;
	}
}

int ap_config_apply(const ap_config *c, const char *file, int *variant,
		    struct ap_lint_options *opts)
{
	char buf[PATH_MAX];
	const char *rel = relative(c, file, buf, sizeof(buf));
	size_t i;

	if (c->ignore && matches_any(c->ignore, rel))
		return 1;
	*variant = 0;
	apply_settings(&c->base, opts);
	/* the last matching override wins, as in ESLint's overrides */
	for (i = c->noverrides; i-- > 0;) {
		if (matches_any(c->overrides[i].files, rel)) {
			const struct settings *s = &c->overrides[i].s;

			if (s->has_profile)
				opts->profile = s->profile;
			if (s->nrules) {
				/* base settings first, then the override's */
				opts->rules = s->rules;
				opts->nrules = s->nrules;
			}
			*variant = (int)i + 1;
			break;
		}
	}
	if (c->require[opts->profile].set)
		opts->require = &c->require[opts->profile].req;
	return 0;
}
