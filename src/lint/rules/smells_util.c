/*
 * Helpers shared by the correspondence-profile, security-smell and quality
 * rules; see smells_util.h.  Sources: XacmlParser.cs (Effect parse),
 * XacmlRule.cs (per-category matching, spec 1.11), PolicyDecisionPoint.cs
 * AddObligations and DecisionHelper.cs (which obligations reach the PEP,
 * spec 1.7 and 2.6), PolicyConverter.cs (placeholder rule, spec 3.1).
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_tables.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <jansson.h>
#include <pcre2.h>
#include <limits.h>
#include <stdlib.h>
#include <strings.h>

enum ap_decision ap_smell__effect(const struct ap_node *rule)
{
	const char *e = rule->u.rule.effect, *p, *end;
	size_t len;
	int nonzero = 0;

	if (e == NULL)
		return AP_DECISION_INDETERMINATE;
	/* the spellings nearly every policy uses */
	if (e[0] == 'P' && strcmp(e, "Permit") == 0)
		return AP_DECISION_PERMIT;
	if (e[0] == 'D' && strcmp(e, "Deny") == 0)
		return AP_DECISION_DENY;
	e = ap_smell_trim(e, &len);
	if (ap_smell_eq_ci(e, len, "Permit"))
		return AP_DECISION_PERMIT;
	if (ap_smell_eq_ci(e, len, "Deny"))
		return AP_DECISION_DENY;
	/* Enum.Parse takes numbers: 0 is Permit, anything else Deny */
	p = e;
	end = e + len;
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	if (p == end)
		return AP_DECISION_INDETERMINATE;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return AP_DECISION_INDETERMINATE;
		if (*p != '0')
			nonzero = 1;
	}
	return nonzero ? AP_DECISION_DENY : AP_DECISION_PERMIT;
}

int ap_smell__subject_like_category(const struct ap_node *d)
{
	const char *c = d->u.designator.category_id, *p;

	if (c == NULL || d->u.designator.category == AP_CAT_SUBJECT ||
	    d->u.designator.category == AP_CAT_RESOURCE ||
	    d->u.designator.category == AP_CAT_ACTION)
		return 0;
	for (p = c; *p; p++)
		if (strncasecmp(p, "subject", 7) == 0)
			return 1;
	return 0;
}

int ap_smell__matches_all(const struct ap_node *rule)
{
	const struct ap_node *target = rule->u.rule.target, *c;

	if (target == NULL)
		return 1;
	for (c = target->first_child; c; c = c->next)
		if (c->kind == AP_NODE_ANY_OF)
			return 0;
	return 1;
}

size_t ap_smell__count(const struct ap_node *rule, enum ap_category cat)
{
	const struct ap_rule_clauses *bc;
	size_t n = 0;
	uint32_t i;

	switch (cat) {
	case AP_CAT_SUBJECT: bc = &rule->u.rule.by_cat[0]; break;
	case AP_CAT_RESOURCE: bc = &rule->u.rule.by_cat[1]; break;
	case AP_CAT_ACTION: bc = &rule->u.rule.by_cat[2]; break;
	default: return 0;
	}
	for (i = 0; i < bc->count; i++)
		n += bc->clauses[i].count;
	return n;
}

void ap_smell__shape(const struct ap_node *rule, struct ap_smell_shape *out)
{
	const struct ap_node *any, *all, *m, *d;

	memset(out, 0, sizeof(*out));
	out->target = rule->u.rule.target;
	out->matches_all = 1;
	if (out->target == NULL)
		return;
	for (any = out->target->first_child; any; any = any->next) {
		if (any->kind != AP_NODE_ANY_OF)
			continue;
		out->matches_all = 0;
		for (all = any->first_child; all; all = all->next) {
			if (all->kind != AP_NODE_ALL_OF)
				continue;
			for (m = all->first_child; m; m = m->next) {
				if (m->kind != AP_NODE_MATCH)
					continue;
				d = m->u.match.designator;
				if (d == NULL ||
				    d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR)
					continue;
				out->n_cat[d->u.designator.category]++;
				if (!out->subject_like &&
				    ap_smell__subject_like_category(d))
					out->subject_like = m;
			}
		}
	}
}

static int uses_category(const struct ap_node *n, enum ap_category cat)
{
	const struct ap_node *c;

	if (n->kind == AP_NODE_ATTRIBUTE_DESIGNATOR)
		return n->u.designator.category == cat;
	for (c = n->first_child; c; c = c->next)
		if (uses_category(c, cat))
			return 1;
	return 0;
}

int ap_smell__condition_uses(const struct ap_node *rule, enum ap_category cat)
{
	const struct ap_node *c = rule->u.rule.condition;

	return c != NULL && uses_category(c, cat);
}

const char *ap_smell__dropped_note(const struct ap_smell_shape *sh)
{
	return sh->n_cat[AP_CAT_OTHER] + sh->n_cat[AP_CAT_ENVIRONMENT] > 0
	       ? " (matches in categories Altinn never evaluates do not count: AX-E006)"
	       : "";
}

int ap_smell__policy_rule(const struct ap_node *rule)
{
	return rule->kind == AP_NODE_RULE && rule->parent != NULL &&
	       rule->parent->kind == AP_NODE_POLICY &&
	       rule->parent->parent == NULL;
}

const struct ap_node *ap_smell__match_rule(const struct ap_node *m)
{
	const struct ap_node *all = m->parent, *any, *target, *rule;

	if (all == NULL || all->kind != AP_NODE_ALL_OF)
		return NULL;
	any = all->parent;
	if (any == NULL || any->kind != AP_NODE_ANY_OF)
		return NULL;
	target = any->parent;
	if (target == NULL || target->kind != AP_NODE_TARGET)
		return NULL;
	rule = target->parent;
	if (rule == NULL || !ap_smell__policy_rule(rule) ||
	    rule->u.rule.target != target)
		return NULL;
	return rule;
}

int ap_smell__is_placeholder(const struct ap_node *rule)
{
	const struct ap_node *d = ap_node__child(rule, AP_NODE_DESCRIPTION);

	/* shorter text cannot hold it */
	return d != NULL &&
	       d->text_len >= sizeof(AP_SMELL_PLACEHOLDER_DESCRIPTION) - 1 &&
	       ap_node__text_is_ci(d, AP_SMELL_PLACEHOLDER_DESCRIPTION);
}

/* MustBePresent, as the evaluator reads it. */
static int required(const struct ap_node *d)
{
	const char *mbp = d->u.designator.must_be_present;

	return mbp != NULL &&
	       ((mbp[0] == 't' && strcmp(mbp, "true") == 0) ||
		(mbp[0] == '1' && mbp[1] == '\0'));
}

/* The evaluator cannot raise an error on m (ap_eval__match_value: a value,
 * and a data type other than string, or string equality). */
static int cannot_fail(const struct ap_node *m)
{
	const struct ap_node *v = m->u.match.value;

	return v != NULL && (!v->u.value.is_string ||
			     m->u.match.fn == AP_MATCH_FN_STRING_EQUAL ||
			     m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC);
}

/* ap_eval__match_value(m, value, NULL) (a string from the request), with
 * string equality answered here: equal strings, even ignoring case, have
 * equal lengths. */
static enum ap_target_result match_value(const struct ap_node *m,
					 const char *value, size_t len)
{
	const struct ap_node *v = m->u.match.value;

	if (v == NULL || !v->u.value.is_string)
		return ap_eval__match_value(m, value, NULL);
	switch (m->u.match.fn) {
	case AP_MATCH_FN_STRING_EQUAL:
		return v->text_len == len && memcmp(v->text, value, len) == 0
		       ? AP_TARGET_MATCH : AP_TARGET_NO_MATCH;
	case AP_MATCH_FN_STRING_EQUAL_IC:
		return v->text_len == len && strncasecmp(v->text, value, len) == 0
		       ? AP_TARGET_MATCH : AP_TARGET_NO_MATCH;
	default:
		return ap_eval__match_value(m, value, NULL);
	}
}

/*
 * ap_eval__rule_category(rule, AP_CAT_ACTION, request) for the requests
 * of one action-id attribute each, in one pass over the rule's action
 * clauses (the ids are compared once, not once per action): a clause all
 * of whose matches accept the value matches, a MustBePresent match
 * without the attribute makes the answer Missing until a later clause
 * matches, and a function the engine does not know is an error at once.
 */
unsigned ap_smell__admits_actions(const struct ap_node *rule,
				  const char *const *actions, size_t n)
{
	const struct ap_rule_clauses *bc = &rule->u.rule.by_cat[2];
	const unsigned every = (1u << n) - 1;
	const char *action_id = NULL; /* the document's copy, once seen */
	unsigned result = 0, err = 0;
	size_t len[8];
	uint32_t i, j;
	size_t x;

	if (rule->u.rule.target == NULL)
		return every;
	if (rule->u.rule.has_selector)
		return 0;
	if (bc->count == 0)
		return every;
	for (x = 0; x < n; x++)
		len[x] = strlen(actions[x]);
	for (i = 0; i < bc->count; i++) {
		unsigned all = every;

		for (j = 0; j < bc->clauses[i].count; j++) {
			const struct ap_node *m = bc->clauses[i].matches[j];
			const struct ap_node *d = m->u.match.designator;
			const char *id = d->u.designator.attribute_id;

			if (id == NULL ||
			    (id != action_id && strcmp(id, AP_ID_ACTION_ID) != 0)) {
				all = 0; /* the attribute is not there */
				if (required(d))
					result = 0;
				continue;
			}
			action_id = id;
			for (x = 0; x < n; x++) {
				enum ap_target_result r;

				/* a clause that failed still raises errors */
				if (((err >> x) & 1u) ||
				    (!((all >> x) & 1u) && cannot_fail(m)))
					continue;
				r = match_value(m, actions[x], len[x]);
				if (r == AP_TARGET_ERROR)
					err |= 1u << x;
				else if (r != AP_TARGET_MATCH)
					all &= ~(1u << x);
			}
		}
		result |= all;
	}
	return result & ~err;
}

int ap_smell__admits_action(const struct ap_node *rule, const char *action)
{
	return (int)(ap_smell__admits_actions(rule, &action, 1) & 1u);
}

const char *ap_smell__rule_id(const struct ap_node *rule)
{
	return rule->u.rule.rule_id ? rule->u.rule.rule_id : "";
}

static const struct ap_node *assignment_value(const struct ap_node *a)
{
	const struct ap_node *c;

	for (c = a->first_child; c; c = c->next)
		if (c->kind != AP_NODE_COMMENT)
			return c->kind == AP_NODE_ATTRIBUTE_VALUE ? c : NULL;
	return NULL;
}

/* Takes assignment a of ObligationExpression o into *out. */
static void note_level(struct ap_smell_levels *out, const struct ap_node *o,
		       const struct ap_node *a, int returned)
{
	const char *cat = ap_node_attr(a, "Category");

	if (ap_streq(cat, AP_SMELL_CAT_AUTHLEVEL)) {
		if (!returned) {
			if (!out->user_unreturned)
				out->user_unreturned = a;
		} else if (!out->user) {
			out->user = a;
			out->user_value = assignment_value(a);
			out->user_in_first = o == out->first;
		}
	} else if (ap_streq(cat, AP_SMELL_CAT_AUTHLEVEL_ORG) && returned &&
		   !out->org) {
		out->org = a;
		out->org_value = assignment_value(a);
	}
}

void ap_smell__levels(const struct ap_node *policy,
		      struct ap_smell_levels *out)
{
	const enum ap_node_kind aae = AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION;
	const struct ap_node *exprs, *o, *a;

	memset(out, 0, sizeof(*out));
	exprs = ap_node__child(policy, AP_NODE_OBLIGATION_EXPRESSIONS);
	if (exprs == NULL)
		return;
	for (o = ap_node__child(exprs, AP_NODE_OBLIGATION_EXPRESSION); o;
	     o = ap_node__next_sibling(o, AP_NODE_OBLIGATION_EXPRESSION)) {
		const char *on = ap_node_attr(o, "FulfillOn");
		size_t len;
		int returned;

		if (out->first == NULL)
			out->first = o;
		on = ap_smell_trim(on, &len);
		returned = ap_smell_eq_ci(on, len, "Permit");
		for (a = ap_node__child(o, aae); a;
		     a = ap_node__next_sibling(a, aae))
			note_level(out, o, a, returned);
	}
	if (out->user)
		out->user_unreturned = NULL;
}

int ap_smell__level_value(const struct ap_node *value, long *out)
{
	const char *s, *p;
	size_t len;
	char buf[32];
	char *end;
	long v;

	if (value == NULL)
		return 0;
	s = ap_smell_trim(value->text, &len);
	if (len == 0 || len >= sizeof(buf))
		return 0;
	p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (p == s + len)
		return 0;
	for (; p < s + len; p++)
		if (*p < '0' || *p > '9')
			return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || v < INT32_MIN || v > INT32_MAX)
		return 0;
	*out = v;
	return 1;
}

int ap_smell__pattern_open(struct ap_lint_ctx *ctx, const char *key,
			   struct ap_smell_pattern *p)
{
	const json_t *opts = (const json_t *)ap_lint_ctx_rule_options(ctx);
	const char *src;
	pcre2_code *re;
	PCRE2_SIZE off;
	int code;

	p->code = NULL;
	p->match_data = NULL;
	p->source = NULL;
	if (opts == NULL || !json_is_object(opts))
		return 0;
	src = json_string_value(json_object_get(opts, key));
	if (src == NULL)
		return 0;
	re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
			   &code, &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR8 msg[160];

		pcre2_get_error_message(code, msg, sizeof(msg));
		ap_lint_report_at(ctx, 0, 0, ap_lint_ctx_default_severity(ctx),
				  "option '%s' ('%s') does not compile at offset %zu: %s; the check is skipped",
				  key, src, (size_t)off, (const char *)msg);
		return -1;
	}
	p->code = re;
	p->source = src;
	p->match_data = pcre2_match_data_create_from_pattern(re, NULL);
	if (p->match_data == NULL)
		return -1;
	return 1;
}

int ap_smell__pattern_match(const struct ap_smell_pattern *p, const char *s)
{
	return pcre2_match((const pcre2_code *)p->code, (PCRE2_SPTR)s,
			   PCRE2_ZERO_TERMINATED, 0, 0,
			   (pcre2_match_data *)p->match_data, NULL) >= 0;
}

void ap_smell__pattern_close(struct ap_smell_pattern *p)
{
	pcre2_match_data_free((pcre2_match_data *)p->match_data);
	pcre2_code_free((pcre2_code *)p->code);
	p->code = NULL;
	p->match_data = NULL;
}
