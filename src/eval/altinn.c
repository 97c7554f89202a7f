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

/* One regular expression match (PCRE2, UTF-8, unanchored): 1 match,
 * 0 none, -1 a bad pattern or a matching error. */
int ap_eval__regexp(const char *pattern, const char *subject, size_t len)
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
	rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
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
		switch (ap_eval__regexp(pv, rv, strlen(rv))) {
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

int ap_eval__designator_required(const struct ap_node *d)
{
	const char *mbp = d->u.designator.must_be_present;

	return mbp != NULL && (strcmp(mbp, "true") == 0 || strcmp(mbp, "1") == 0);
}

enum ap_target_result ap_eval__match_request(const struct ap_node *m,
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

			r = ap_eval__match_request(m, req, &present);
			if (r == AP_TARGET_ERROR)
				return AP_TARGET_ERROR;
			if (!present) {
				all_matched = 0;
				if (ap_eval__designator_required(m->u.match.designator))
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
enum ap_decision ap_eval__condition(const struct ap_node *cond,
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
		enum ap_decision c = ap_eval__condition(rule->u.rule.condition, req);

		if (c != AP_DECISION_PERMIT)
			return c;
	}
	return effect_of(rule);
}

/*
 * Rule decisions with the extended Indeterminate of XACML 3.0 7.11, as
 * PDP-new keeps them (RuleDecision.cs): an erring rule is Indeterminate{P}
 * or {D} by its effect, an unknown algorithm Indeterminate{DP}.
 */
enum ext {
	EXT_NA = 0,
	EXT_PERMIT,
	EXT_DENY,
	EXT_IND_P,
	EXT_IND_D,
	EXT_IND_DP
};

/* RuleCombiner.cs: the XACML 3.0 Appendix C tables. */
static enum ext combine(enum ap_combining alg, const enum ext *d, size_t n,
			size_t *winner)
{
	int permit = 0, deny = 0, ip = 0, id = 0, idp = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (d[i]) {
		case EXT_PERMIT:
			if (alg == AP_COMB_PERMIT_OVERRIDES || alg == AP_COMB_DENY_UNLESS_PERMIT) {
				*winner = i;
				return EXT_PERMIT;
			}
			if (!permit)
				*winner = i;
			permit = 1;
			break;
		case EXT_DENY:
			if (alg == AP_COMB_DENY_OVERRIDES || alg == AP_COMB_PERMIT_UNLESS_DENY) {
				*winner = i;
				return EXT_DENY;
			}
			if (!deny && !permit)
				*winner = i;
			deny = 1;
			break;
		case EXT_IND_P: ip = 1; break;
		case EXT_IND_D: id = 1; break;
		case EXT_IND_DP: idp = 1; break;
		default: break;
		}
		if (alg == AP_COMB_FIRST_APPLICABLE && d[i] != EXT_NA) {
			*winner = i;
			return d[i];
		}
	}
	switch (alg) {
	case AP_COMB_DENY_OVERRIDES:
		if (idp || (id && (ip || permit)))
			return EXT_IND_DP;
		if (id)
			return EXT_IND_D;
		if (permit)
			return EXT_PERMIT;
		return ip ? EXT_IND_P : EXT_NA;
	case AP_COMB_PERMIT_OVERRIDES:
		if (idp || (ip && (id || deny)))
			return EXT_IND_DP;
		if (ip)
			return EXT_IND_P;
		if (deny) {
			for (i = 0; i < n && d[i] != EXT_DENY; i++)
				;
			*winner = i;
			return EXT_DENY;
		}
		return id ? EXT_IND_D : EXT_NA;
	case AP_COMB_DENY_UNLESS_PERMIT:
		*winner = n;
		return EXT_DENY;
	case AP_COMB_PERMIT_UNLESS_DENY:
		*winner = n;
		return EXT_PERMIT;
	case AP_COMB_FIRST_APPLICABLE:
		return EXT_NA;
	default:
		return EXT_IND_DP;
	}
}

static int is_legacy_deny_overrides(const struct ap_node *policy)
{
	return ap_streq(policy->u.policy.combining_alg,
			"urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-overrides");
}

/* What a category match means for the whole request (GetMatchingRules). */
enum gate {
	GATE_MATCH,
	GATE_NO,
	GATE_MISSING,
	GATE_ERROR
};

static enum gate resource_and_action(const struct ap_node *rule,
				     const struct ap_request *req)
{
	/* both are asked, whatever the first answers */
	enum ap_target_result r = ap_eval__rule_category(rule, AP_CAT_RESOURCE, req);
	enum ap_target_result a = ap_eval__rule_category(rule, AP_CAT_ACTION, req);

	if (r == AP_TARGET_ERROR || a == AP_TARGET_ERROR)
		return GATE_ERROR;
	if (r == AP_TARGET_MATCH && a == AP_TARGET_MATCH)
		return GATE_MATCH;
	if (r == AP_TARGET_MISSING || a == AP_TARGET_MISSING)
		return GATE_MISSING;
	return GATE_NO;
}

#define SMALL_RULES 64

enum ap_decision ap_eval__altinn(const struct ap_node *policy,
				 const struct ap_request *req,
				 enum ap_semantics sem, const char **status,
				 const struct ap_node **decider)
{
	enum ap_combining alg = ap_ids_combining(policy->u.policy.combining_alg);
	int legacy = sem == AP_SEMANTICS_ALTINN_LEGACY;
	const struct ap_node *small_rules[SMALL_RULES], **rules = small_rules;
	enum ext small_d[SMALL_RULES], *d = small_d, c;
	const struct ap_node *rule, *permit_rule = NULL;
	enum ap_decision result = AP_DECISION_NOT_APPLICABLE;
	size_t n = 0, cap = SMALL_RULES, i, winner = 0;
	int missing = 0;
	const char *st = AP_STATUS_OK;

	if (decider)
		*decider = NULL;
	/* GetMatchingRules: resource and action of every rule */
	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		switch (resource_and_action(rule, req)) {
		case GATE_ERROR:
			/* the engine throws; the decision API answers
			 * Indeterminate */
			result = AP_DECISION_INDETERMINATE;
			st = AP_STATUS_PROCESSING;
			goto done;
		case GATE_MISSING:
			missing = 1;
			break;
		case GATE_MATCH:
			if (n == cap) {
				const struct ap_node **nr;
				enum ext *nd;

				cap *= 2;
				nr = ap_malloc(cap * (sizeof(*nr) + sizeof(*nd)));
				if (nr == NULL) {
					/* cannot happen in practice; fail closed */
					result = AP_DECISION_INDETERMINATE;
					st = AP_STATUS_PROCESSING;
					goto done;
				}
				nd = (enum ext *)(void *)(nr + cap);
				memcpy(nr, rules, n * sizeof(*nr));
				memcpy(nd, d, n * sizeof(*nd));
				if (rules != small_rules)
					ap_free((void *)rules);
				rules = nr;
				d = nd;
			}
			rules[n++] = rule;
			break;
		default:
			break;
		}
	}
	if (missing) {
		result = AP_DECISION_INDETERMINATE;
		st = AP_STATUS_MISSING;
		goto done;
	}
	for (i = 0; i < n; i++) {
		enum ap_target_result s = ap_eval__rule_category(rules[i], AP_CAT_SUBJECT, req);
		enum ap_decision eff = effect_of(rules[i]);

		d[i] = EXT_NA;
		if (s == AP_TARGET_ERROR) {
			result = AP_DECISION_INDETERMINATE;
			st = AP_STATUS_PROCESSING;
			goto done;
		}
		if (s == AP_TARGET_MISSING) {
			if (legacy) {
				result = AP_DECISION_INDETERMINATE;
				goto done;
			}
			d[i] = eff == AP_DECISION_PERMIT ? EXT_IND_P : EXT_IND_D;
			continue;
		}
		if (s != AP_TARGET_MATCH)
			continue;
		d[i] = eff == AP_DECISION_PERMIT ? EXT_PERMIT : EXT_DENY;
		if (rules[i]->u.rule.condition != NULL) {
			enum ap_decision cd = ap_eval__condition(rules[i]->u.rule.condition, req);

			if (cd == AP_DECISION_NOT_APPLICABLE)
				d[i] = EXT_NA;
			else if (cd == AP_DECISION_INDETERMINATE) {
				if (legacy) {
					result = AP_DECISION_INDETERMINATE;
					goto done;
				}
				d[i] = eff == AP_DECISION_PERMIT ? EXT_IND_P : EXT_IND_D;
			}
		}
		if (legacy) {
			/* PolicyDecisionPoint.cs up to 0.1.1: a Deny under
			 * the exact 3.0 deny-overrides id ends the loop with
			 * the decision so far; elsewhere Deny is ignored */
			if (d[i] == EXT_DENY && is_legacy_deny_overrides(policy))
				break;
			if (d[i] == EXT_PERMIT && permit_rule == NULL)
				permit_rule = rules[i];
		}
	}
	if (legacy) {
		if (permit_rule) {
			result = AP_DECISION_PERMIT;
			if (decider)
				*decider = permit_rule;
		}
		goto done;
	}
	if (n == 0)
		goto done;
	c = combine(alg, d, n, &winner);
	switch (c) {
	case EXT_PERMIT:
	case EXT_DENY:
		result = c == EXT_PERMIT ? AP_DECISION_PERMIT : AP_DECISION_DENY;
		if (decider && winner < n && d[winner] == c)
			*decider = rules[winner];
		break;
	case EXT_NA:
		break;
	default:
		result = AP_DECISION_INDETERMINATE;
		break;
	}
done:
	if (rules != small_rules)
		ap_free((void *)rules);
	if (status)
		*status = st;
	return result;
}

enum ap_decision ap_eval__policy(const struct ap_node *policy,
				 const struct ap_request *req,
				 const struct ap_node **decider)
{
	return ap_eval__altinn(policy, req, AP_SEMANTICS_ALTINN, NULL, decider);
}
