/*
 * Altinn's PDP semantics.  Sources: XacmlRule.cs MatchAttributes (target
 * flattening per category), AttributeMatcher.cs (match functions),
 * XacmlApply.cs (conditions), RuleCombiner.cs (combining, PDP-new).
 */
#include "internal.h"
#include "eval/eval.h"
#include "policy/ids.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdlib.h>
#include <strings.h>

const char *ap_decision_name(enum ap_decision d)
{
	switch (d) {
	case AP_DECISION_PERMIT: return "Permit";
	case AP_DECISION_DENY: return "Deny";
	case AP_DECISION_INDETERMINATE: return "Indeterminate";
	default: return "NotApplicable";
	}
}

static int parse_int32(const char *s, long *out)
{
	char *end;
	long v;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno != 0 || v < INT32_MIN || v > INT32_MAX)
		return 0;
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (*end != '\0')
		return 0;
	*out = v;
	return 1;
}

static int regexp_matches(const char *pattern, const char *subject)
{
	pcre2_code *re;
	pcre2_match_data *md;
	int errcode, rc;
	PCRE2_SIZE erroff;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
			   &errcode, &erroff, NULL);
	if (re == NULL)
		return -1;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (md == NULL) {
		pcre2_code_free(re);
		return -1;
	}
	rc = pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0 ? 1 : 0;
}

/*
 * AttributeMatcher: the policy value's DataType must equal the request
 * value's exactly, then the function decides.
 */
static enum ap_target_result apply_fn(enum ap_match_fn fn, const char *pv,
				      const char *rv)
{
	long a, b;

	/* interned: the same pointer is the same string */
	if (pv == rv && (fn == AP_MATCH_FN_STRING_EQUAL || fn == AP_MATCH_FN_STRING_EQUAL_IC ||
			 fn == AP_MATCH_FN_STRING_IS_IN))
		return AP_TARGET_MATCH;
	switch (fn) {
	case AP_MATCH_FN_STRING_EQUAL:
	case AP_MATCH_FN_ANYURI_EQUAL:
	case AP_MATCH_FN_STRING_IS_IN: /* equality since June 2026 */
	case AP_MATCH_FN_TIME_EQUAL:
	case AP_MATCH_FN_DATE_EQUAL:
	case AP_MATCH_FN_DATETIME_EQUAL:
		return strcmp(pv, rv) == 0 ? AP_TARGET_MATCH : AP_TARGET_NO_MATCH;
	case AP_MATCH_FN_STRING_EQUAL_IC:
		return strcasecmp(pv, rv) == 0 ? AP_TARGET_MATCH : AP_TARGET_NO_MATCH;
	case AP_MATCH_FN_INTEGER_EQUAL:
	case AP_MATCH_FN_INTEGER_ONE_AND_ONLY:
		if (!parse_int32(pv, &a) || !parse_int32(rv, &b))
			return AP_TARGET_NO_MATCH;
		return a == b ? AP_TARGET_MATCH : AP_TARGET_NO_MATCH;
	case AP_MATCH_FN_STRING_REGEXP:
		switch (regexp_matches(pv, rv)) {
		case 1: return AP_TARGET_MATCH;
		case 0: return AP_TARGET_NO_MATCH;
		default: return AP_TARGET_ERROR;
		}
	default:
		return AP_TARGET_ERROR; /* NotImplementedException */
	}
}

enum ap_target_result ap_eval__match_value(const struct ap_node *m,
					   const char *value,
					   const char *data_type)
{
	const struct ap_node *v = m->u.match.value;

	if (v == NULL)
		return AP_TARGET_ERROR;
	/* data types must be equal before the function is called */
	if (data_type == NULL || strcmp(data_type, AP_ID_XS_STRING) == 0) {
		if (!v->u.value.is_string)
			return AP_TARGET_NO_MATCH;
	} else if (!ap_streq(v->u.value.data_type, data_type)) {
		return AP_TARGET_NO_MATCH;
	}
	return apply_fn((enum ap_match_fn)m->u.match.fn, v->text, value);
}

static int designator_required(const struct ap_node *d)
{
	const char *mbp = d->u.designator.must_be_present;

	return mbp != NULL && (strcmp(mbp, "true") == 0 || strcmp(mbp, "1") == 0);
}

/* Matches one Match against the request values of its attribute. */
static enum ap_target_result match_one(const struct ap_node *m,
				       const struct ap_request *req,
				       int *present)
{
	const struct ap_node *d = m->u.match.designator;
	enum ap_target_result r = AP_TARGET_NO_MATCH;
	size_t i;

	*present = 0;
	for (i = 0; i < req->count; i++) {
		const struct ap_req_attr *a = &req->attrs[i];

		if (a->category != d->u.designator.category || a->id == NULL ||
		    (a->id != d->u.designator.attribute_id &&
		     !ap_streq(d->u.designator.attribute_id, a->id)))
			continue;
		*present = 1;
		r = ap_eval__match_value(m, a->value, a->data_type);
		if (r == AP_TARGET_MATCH || r == AP_TARGET_ERROR)
			return r;
	}
	return r;
}

enum ap_target_result ap_eval__rule_category(const struct ap_node *rule,
					     enum ap_category cat,
					     const struct ap_request *req)
{
	const struct ap_rule_clauses *bc;
	enum ap_target_result result = AP_TARGET_NO_MATCH;
	int k = ap_clause_index(cat);
	uint32_t i, j;

	if (rule->u.rule.target == NULL)
		return AP_TARGET_MATCH;
	/* the engine dereferences a selector's missing designator */
	if (rule->u.rule.has_selector)
		return AP_TARGET_ERROR;
	if (k < 0)
		return AP_TARGET_MATCH;
	bc = &rule->u.rule.by_cat[k];
	/* no match of this category anywhere: unconstrained */
	if (bc->count == 0)
		return AP_TARGET_MATCH;
	for (i = 0; i < bc->count; i++) {
		const struct ap_clause *c = &bc->clauses[i];
		int all_matched = 1;

		for (j = 0; j < c->count; j++) {
			const struct ap_node *m = c->matches[j];
			enum ap_target_result r;
			int present;

			r = match_one(m, req, &present);
			if (r == AP_TARGET_ERROR)
				return AP_TARGET_ERROR;
			if (!present) {
				all_matched = 0;
				if (designator_required(m->u.match.designator))
					result = AP_TARGET_MISSING;
			} else if (r != AP_TARGET_MATCH) {
				all_matched = 0;
			}
		}
		if (all_matched)
			result = AP_TARGET_MATCH;
	}
	return result;
}

/* Last AttributeValue and AttributeDesignator among an Apply's arguments,
 * looking one level into nested Applys (bag functions). */
static void condition_operands(const struct ap_node *apply,
			       const struct ap_node **value,
			       const struct ap_node **designator, int depth)
{
	const struct ap_node *c;

	for (c = apply->first_child; c; c = c->next) {
		if (c->kind == AP_NODE_ATTRIBUTE_VALUE)
			*value = c;
		else if (c->kind == AP_NODE_ATTRIBUTE_DESIGNATOR)
			*designator = c;
		else if (c->kind == AP_NODE_APPLY && depth == 0)
			condition_operands(c, value, designator, 1);
	}
}

/* XacmlApply.Evalute, reduced to what Altinn evaluates (spec 1.11 p9). */
static enum ap_decision eval_condition(const struct ap_node *cond,
				       const struct ap_request *req)
{
	const struct ap_node *apply = NULL, *value = NULL, *designator = NULL, *c;
	enum ap_match_fn fn;
	int cat_present = 0;
	size_t i;

	for (c = cond->first_child; c; c = c->next)
		if (c->kind != AP_NODE_COMMENT) {
			apply = c;
			break;
		}
	if (apply == NULL || apply->kind != AP_NODE_APPLY)
		return AP_DECISION_NOT_APPLICABLE;
	condition_operands(apply, &value, &designator, 0);
	if (value == NULL || designator == NULL)
		return AP_DECISION_NOT_APPLICABLE;
	fn = ap_ids_match_fn(ap_node_attr(apply, "FunctionId"));
	for (i = 0; i < req->count; i++) {
		const struct ap_req_attr *a = &req->attrs[i];

		if (a->category != designator->u.designator.category)
			continue;
		cat_present = 1;
		if (a->id == NULL || !ap_streq(designator->u.designator.attribute_id, a->id))
			continue;
		if (!ap_streq(ap_node_attr(value, "DataType"),
			      a->data_type ? a->data_type : AP_ID_XS_STRING))
			continue;
		/* arguments swapped: the request value in the policy position */
		switch (apply_fn(fn, a->value, value->text)) {
		case AP_TARGET_MATCH: return AP_DECISION_PERMIT;
		case AP_TARGET_ERROR: return AP_DECISION_INDETERMINATE;
		default: break;
		}
	}
	return cat_present ? AP_DECISION_NOT_APPLICABLE : AP_DECISION_INDETERMINATE;
}

static enum ap_decision effect_of(const struct ap_node *rule)
{
	const char *e = rule->u.rule.effect;

	if (e == NULL)
		return AP_DECISION_INDETERMINATE;
	if (strcasecmp(e, "Permit") == 0 || strcmp(e, "0") == 0)
		return AP_DECISION_PERMIT;
	return AP_DECISION_DENY; /* "Deny", other numbers */
}

enum ap_decision ap_eval__rule(const struct ap_node *rule,
			       const struct ap_request *req)
{
	enum ap_target_result r;

	r = ap_eval__rule_category(rule, AP_CAT_RESOURCE, req);
	if (r == AP_TARGET_MATCH)
		r = ap_eval__rule_category(rule, AP_CAT_ACTION, req);
	if (r == AP_TARGET_MATCH)
		r = ap_eval__rule_category(rule, AP_CAT_SUBJECT, req);
	if (r == AP_TARGET_NO_MATCH)
		return AP_DECISION_NOT_APPLICABLE;
	if (r != AP_TARGET_MATCH)
		return AP_DECISION_INDETERMINATE;
	if (rule->u.rule.condition != NULL) {
		enum ap_decision c = eval_condition(rule->u.rule.condition, req);

		if (c != AP_DECISION_PERMIT)
			return c;
	}
	return effect_of(rule);
}

/* The *-overrides table: the winning effect, else Indeterminate, else the
 * other effect, else NotApplicable. */
static enum ap_decision overrides(const struct ap_node *win,
				  enum ap_decision win_effect,
				  const struct ap_node *lose,
				  enum ap_decision lose_effect, int indeterminate,
				  const struct ap_node **decider)
{
	if (win) {
		if (decider)
			*decider = win;
		return win_effect;
	}
	if (indeterminate)
		return AP_DECISION_INDETERMINATE;
	if (lose) {
		if (decider)
			*decider = lose;
		return lose_effect;
	}
	return AP_DECISION_NOT_APPLICABLE;
}

enum ap_decision ap_eval__policy(const struct ap_node *policy,
				 const struct ap_request *req,
				 const struct ap_node **decider)
{
	enum ap_combining alg = ap_ids_combining(policy->u.policy.combining_alg);
	const struct ap_node *rule, *first_permit = NULL, *first_deny = NULL;
	int any_indeterminate = 0;

	if (decider)
		*decider = NULL;
	if (alg == AP_COMB_UNSUPPORTED)
		return AP_DECISION_INDETERMINATE;
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		enum ap_decision d = ap_eval__rule(rule, req);

		if (d == AP_DECISION_NOT_APPLICABLE)
			continue;
		if (alg == AP_COMB_FIRST_APPLICABLE) {
			if (decider && d != AP_DECISION_INDETERMINATE)
				*decider = rule;
			return d;
		}
		if (d == AP_DECISION_PERMIT && !first_permit)
			first_permit = rule;
		else if (d == AP_DECISION_DENY && !first_deny)
			first_deny = rule;
		else if (d == AP_DECISION_INDETERMINATE)
			any_indeterminate = 1;
	}
	switch (alg) {
	case AP_COMB_DENY_OVERRIDES:
		return overrides(first_deny, AP_DECISION_DENY, first_permit,
				 AP_DECISION_PERMIT, any_indeterminate, decider);
	case AP_COMB_PERMIT_OVERRIDES:
		return overrides(first_permit, AP_DECISION_PERMIT, first_deny,
				 AP_DECISION_DENY, any_indeterminate, decider);
	case AP_COMB_DENY_UNLESS_PERMIT:
		if (decider) *decider = first_permit;
		return first_permit ? AP_DECISION_PERMIT : AP_DECISION_DENY;
	case AP_COMB_PERMIT_UNLESS_DENY:
		if (decider) *decider = first_deny;
		return first_deny ? AP_DECISION_DENY : AP_DECISION_PERMIT;
	default:
		return AP_DECISION_NOT_APPLICABLE;
	}
}
