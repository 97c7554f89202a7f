/*
 * --explain for the Altinn semantics: for every rule, whether resource and
 * action matched (applicable), whether the subject and Condition did
 * (matched), and for each alternative (AllOf) of a failing category the
 * first Match that failed, in words.
 */
#include "internal.h"
#include "eval/engine.h"
#include "eval/result.h"
#include "policy/ids.h"
#include "policy/ids_engine.h"

#include <stdio.h>

/* The part of an identifier after its last ':' ("string-equal"). */
static const char *short_id(const char *id)
{
	const char *p;

	if (id == NULL)
		return "";
	p = strrchr(id, ':');
	return p ? p + 1 : id;
}

/* "'a', 'b'" : up to three request values of the Match's attribute. */
static void request_values(const struct ap_node *d, const struct ap_request *req,
			   char *buf, size_t size)
{
	size_t i, n = 0, used = 0;

	buf[0] = '\0';
	for (i = 0; i < req->count; i++) {
		const struct ap_req_attr *a = &req->attrs[i];
		int w;

		if (a->category != d->u.designator.category || a->id == NULL ||
		    !ap_streq(d->u.designator.attribute_id, a->id))
			continue;
		if (n == 3) { /* truncated like the values themselves */
			snprintf(buf + used, size - used, ", ...");
			break;
		}
		w = snprintf(buf + used, size - used, "%s'%s'", n ? ", " : "", a->value);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		n++;
	}
}

static const char *relation(const struct ap_node *m)
{
	switch ((enum ap_match_fn)m->u.match.fn) {
	case AP_MATCH_FN_STRING_EQUAL:
	case AP_MATCH_FN_STRING_EQUAL_IC: return "equals"; /* why_not adds " ignoring case" */
	case AP_MATCH_FN_STRING_REGEXP: return "matches the pattern";
	default: return "matches with";
	}
}

/* Why Match m does not hold for req, or NULL when it does. */
static const char *why_not(struct ap_result *r, const struct ap_node *m,
			   const struct ap_request *req, enum ap_target_result *res)
{
	const struct ap_node *d = m->u.match.designator, *v = m->u.match.value;
	const char *noun, *fn = short_id(m->u.match.match_id);
	char values[256];
	int present;

	if (d == NULL || v == NULL) {
		*res = AP_TARGET_ERROR;
		return ap_result__fmt(r, "the Match has no AttributeValue or designator: Altinn's PDP throws (Indeterminate)");
	}
	if (d->kind == AP_NODE_ATTRIBUTE_SELECTOR) {
		*res = AP_TARGET_ERROR;
		return ap_result__fmt(r, "an AttributeSelector in a Match: Altinn's PDP throws (Indeterminate)");
	}
	*res = ap_eval__match_request(m, req, &present);
	if (*res == AP_TARGET_MATCH)
		return NULL;
	noun = ap_ids_category_noun(d->u.designator.category);
	if (!present) {
		if (ap_eval__designator_required(d))
			*res = AP_TARGET_MISSING;
		return ap_result__fmt(r, "the request has no %s attribute '%s'%s",
				      noun, d->u.designator.attribute_id ? d->u.designator.attribute_id : "",
				      *res == AP_TARGET_MISSING ? " and MustBePresent is true (Indeterminate)" : "");
	}
	if (*res == AP_TARGET_ERROR)
		return ap_result__fmt(r, "MatchId '%s' is not implemented by Altinn's PDP: evaluation throws (Indeterminate)",
				      m->u.match.match_id ? m->u.match.match_id : "");
	request_values(d, req, values, sizeof(values));
	if (!v->u.value.is_string)
		return ap_result__fmt(r, "the Match's value is typed '%s' and the request's %s values are strings: Altinn compares data types first (request has %s)",
				      v->u.value.data_type ? v->u.value.data_type : "", noun, values);
	if ((enum ap_match_fn)m->u.match.fn == AP_MATCH_FN_STRING_EQUAL ||
	    (enum ap_match_fn)m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC ||
	    (enum ap_match_fn)m->u.match.fn == AP_MATCH_FN_STRING_REGEXP)
		return ap_result__fmt(r, "no %s value of '%s' %s '%s'%s (request has %s)", noun,
				      d->u.designator.attribute_id, relation(m), v->text,
				      (enum ap_match_fn)m->u.match.fn == AP_MATCH_FN_STRING_EQUAL_IC
				      ? " ignoring case" : "", values);
	return ap_result__fmt(r, "no %s value of '%s' %s %s '%s' (request has %s)", noun,
			      d->u.designator.attribute_id, relation(m), fn, v->text, values);
}

/* The failing Matches of category cat: the first of each AllOf. */
static int category_misses(struct ap_result *r, const struct ap_node *rule,
			   enum ap_category cat, const struct ap_request *req)
{
	const struct ap_rule_clauses *bc = &rule->u.rule.by_cat[ap_clause_index(cat)];
	uint32_t i, j;

	for (i = 0; i < bc->count; i++) {
		const struct ap_clause *c = &bc->clauses[i];

		for (j = 0; j < c->count; j++) {
			enum ap_target_result res;
			const char *why = why_not(r, c->matches[j], req, &res);

			if (res == AP_TARGET_MATCH)
				continue;
			if (ap_result__miss(r, c->matches[j], why) != AP_OK)
				return AP_ENOMEM;
			break;
		}
	}
	return AP_OK;
}

int ap_eval__altinn_trace(const struct ap_node *policy,
			  const struct ap_request *req, struct ap_result *r)
{
	static const enum ap_category gate[] = {AP_CAT_RESOURCE, AP_CAT_ACTION};
	const struct ap_node *rule;
	size_t k;

	for (rule = ap_node__child(policy, AP_NODE_RULE); rule;
	     rule = ap_node__next_sibling(rule, AP_NODE_RULE)) {
		int applicable = 1, matched = 0;
		enum ap_decision d = AP_DECISION_NOT_APPLICABLE;

		for (k = 0; k < ARRAY_SIZE(gate); k++) {
			if (ap_eval__rule_category(rule, gate[k], req) == AP_TARGET_MATCH)
				continue;
			applicable = 0;
			if (category_misses(r, rule, gate[k], req) != AP_OK)
				return AP_ENOMEM;
		}
		if (applicable) {
			d = ap_eval__rule(rule, req);
			if (ap_eval__rule_category(rule, AP_CAT_SUBJECT, req) != AP_TARGET_MATCH) {
				if (category_misses(r, rule, AP_CAT_SUBJECT, req) != AP_OK)
					return AP_ENOMEM;
			} else if (d == AP_DECISION_NOT_APPLICABLE || d == AP_DECISION_INDETERMINATE) {
				if (ap_result__miss(r, rule->u.rule.condition ? rule->u.rule.condition : rule,
						    d == AP_DECISION_INDETERMINATE
						    ? ap_result__fmt(r, "the Condition (or the Effect) cannot be evaluated for this request (Indeterminate)")
						    : ap_result__fmt(r, "the Condition does not hold")) != AP_OK)
					return AP_ENOMEM;
			} else {
				matched = 1;
			}
		}
		if (ap_result__step(r, rule, applicable, matched, d) != AP_OK)
			return AP_ENOMEM;
	}
	return AP_OK;
}
