/* The public face of the decision engine: semantics, engines, decide. */
#include "internal.h"
#include "eval/engine.h"
#include "eval/result.h"
#include "policy/ids_engine.h"

#include <strings.h>

static const char *const semantics_names[] = {"altinn", "altinn-legacy", "xacml"};

int ap_semantics_parse(enum ap_semantics *out, const char *name)
{
	size_t i;

	for (i = 0; name && i < ARRAY_SIZE(semantics_names); i++)
		if (strcmp(name, semantics_names[i]) == 0) {
			*out = (enum ap_semantics)i;
			return AP_OK;
		}
	return AP_EINVALID;
}

const char *ap_semantics_name(enum ap_semantics s)
{
	return (size_t)s < ARRAY_SIZE(semantics_names) ? semantics_names[s] : "?";
}

const char *ap_decision_name(enum ap_decision d)
{
	switch (d) {
	case AP_DECISION_PERMIT: return "Permit";
	case AP_DECISION_DENY: return "Deny";
	case AP_DECISION_INDETERMINATE: return "Indeterminate";
	default: return "NotApplicable";
	}
}

int ap_decision_parse(enum ap_decision *out, const char *name)
{
	static const struct {
		const char *name;
		enum ap_decision d;
	} names[] = {
		{"Permit", AP_DECISION_PERMIT},
		{"Deny", AP_DECISION_DENY},
		{"NotApplicable", AP_DECISION_NOT_APPLICABLE},
		{"Not Applicable", AP_DECISION_NOT_APPLICABLE},
		{"N/A", AP_DECISION_NOT_APPLICABLE},
		{"Indeterminate", AP_DECISION_INDETERMINATE},
	};
	size_t i;

	for (i = 0; name && i < ARRAY_SIZE(names); i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].d;
			return AP_OK;
		}
	return AP_EINVALID;
}

/* Rules below n (Policy children; PolicySets walked in order). */
static int collect_rules(struct ap_engine *e, const struct ap_node *n)
{
	const struct ap_node *c;

	for (c = n->first_child; c; c = c->next) {
		if (c->kind == AP_NODE_RULE && n->kind == AP_NODE_POLICY) {
			if (e->nrules == e->rules_cap) {
				size_t cap = e->rules_cap ? e->rules_cap * 2 : 16;
				const struct ap_node **p = ap_realloc((void *)e->rules, cap * sizeof(*p));

				if (p == NULL)
					return AP_ENOMEM;
				e->rules = p;
				e->rules_cap = cap;
			}
			e->rules[e->nrules++] = c;
		} else if (c->kind == AP_NODE_POLICY || c->kind == AP_NODE_POLICY_SET) {
			if (collect_rules(e, c) != AP_OK)
				return AP_ENOMEM;
		}
	}
	return AP_OK;
}

/* The root, when it is a usable Policy (or PolicySet when sets_ok). */
static const struct ap_node *usable_root(const ap_doc *doc, int sets_ok,
					 struct ap_error *err)
{
	const struct ap_node *root = doc->root;
	size_t i;

	for (i = 0; i < doc->nproblems; i++) {
		const struct ap_problem *p = &doc->problems[i];

		if (p->kind == AP_PROBLEM_ENCODING || p->kind == AP_PROBLEM_SCHEMA)
			continue;
		ap_error_set_at(err, AP_EINVALID, doc->name, p->line, p->col,
				"cannot evaluate: %s", p->message);
		return NULL;
	}
	if (root == NULL) {
		ap_error_set_at(err, AP_EINVALID, doc->name, 0, 0, "cannot evaluate: no root element");
		return NULL;
	}
	if (root->kind == AP_NODE_POLICY || (sets_ok && root->kind == AP_NODE_POLICY_SET))
		return root;
	ap_error_set_at(err, AP_EINVALID, doc->name, root->line, root->col,
			"cannot evaluate: the root is <%s>, %s", root->name ? root->name : "?",
			sets_ok ? "not <Policy> or <PolicySet>"
				: "and Altinn evaluates only <Policy> (try --semantics xacml)");
	return NULL;
}

int ap_engine_new(ap_engine **out, const ap_doc *doc, enum ap_semantics sem,
		  struct ap_error *err)
{
	struct ap_engine *e;
	const struct ap_node *root;
	int ret;

	*out = NULL;
	root = usable_root(doc, sem == AP_SEMANTICS_XACML, err);
	if (root == NULL)
		return AP_EINVALID;
	e = ap_calloc(1, sizeof(*e));
	if (e == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	e->sem = sem;
	e->doc = doc;
	e->root = root;
	ret = collect_rules(e, root);
	if (ret == AP_OK && sem == AP_SEMANTICS_XACML)
		ret = ap_xacml__compile(&e->x, doc, err);
	if (ret != AP_OK) {
		if (ret == AP_ENOMEM)
			ap_error_set(err, AP_ENOMEM, "out of memory");
		ap_engine_free(e);
		return ret;
	}
	*out = e;
	return AP_OK;
}

int ap_engine_add_reference(ap_engine *e, const ap_doc *doc, struct ap_error *err)
{
	if (usable_root(doc, 1, err) == NULL)
		return AP_EINVALID;
	if (e->x == NULL)
		return AP_OK; /* the Altinn semantics never follow references */
	return ap_xacml__add_reference(e->x, doc, err);
}

void ap_engine_free(ap_engine *e)
{
	if (e == NULL)
		return;
	ap_xacml__free(e->x);
	ap_free((void *)e->rules);
	ap_free(e);
}

enum ap_semantics ap_engine_semantics(const ap_engine *e)
{
	return e->sem;
}

const ap_doc *ap_engine_doc(const ap_engine *e)
{
	return e->doc;
}

size_t ap_engine_rule_count(const ap_engine *e)
{
	return e->nrules;
}

const ap_node *ap_engine_rule(const ap_engine *e, size_t i)
{
	return i < e->nrules ? e->rules[i] : NULL;
}

/* PolicyDecisionPoint.AddObligations: on Permit, the policy's obligation
 * expressions for Permit, assignments of a plain AttributeValue only. */
static int altinn_obligations(const struct ap_node *policy, struct ap_result *r)
{
	const struct ap_node *oes = ap_node__child(policy, AP_NODE_OBLIGATION_EXPRESSIONS), *oe, *aa;

	if (oes == NULL)
		return AP_OK;
	for (oe = ap_node__child(oes, AP_NODE_OBLIGATION_EXPRESSION); oe;
	     oe = ap_node__next_sibling(oe, AP_NODE_OBLIGATION_EXPRESSION)) {
		struct ap_effect fo = ap_ids_effect(ap_node_attr(oe, "FulfillOn"));
		struct ap_obligation *o;

		if (fo.form == AP_EFFECT_INVALID || fo.value != AP_EFFECT_PERMIT)
			continue;
		o = ap_result__add_obligation(r, 0, ap_node_attr(oe, "ObligationId"),
					      ap_node__element_count(oe));
		if (o == NULL)
			return AP_ENOMEM;
		for (aa = ap_node__child(oe, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION); aa;
		     aa = ap_node__next_sibling(aa, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION)) {
			const struct ap_node *v = ap_node__child(aa, AP_NODE_ATTRIBUTE_VALUE);
			struct ap_assignment a;

			if (v == NULL || ap_node__element_count(aa) != 1)
				continue;
			a.attribute_id = ap_node_attr(aa, "AttributeId");
			a.category = ap_node_attr(aa, "Category");
			a.issuer = ap_node_attr(aa, "Issuer");
			a.data_type = v->u.value.data_type;
			a.value = v->text ? v->text : "";
			if (a.attribute_id == NULL)
				a.attribute_id = "";
			if (a.data_type == NULL)
				a.data_type = "";
			ap_result__add_assignment(o, &a);
		}
	}
	return AP_OK;
}

int ap_engine_decide(const ap_engine *e, const struct ap_request *req,
		     unsigned flags, struct ap_result *out, struct ap_error *err)
{
	const struct ap_node *decider = NULL;
	int ret;

	if (ap_result__init(out) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	if (e->sem == AP_SEMANTICS_XACML) {
		ret = ap_xacml__decide(e->x, req, flags, out);
	} else {
		out->decision = ap_eval__altinn(e->root, req, e->sem, &out->status, &decider);
		out->decider = decider;
		ret = AP_OK;
		if (out->decision == AP_DECISION_PERMIT)
			ret = altinn_obligations(e->root, out);
		if (ret == AP_OK && (flags & AP_EVAL_EXPLAIN))
			ret = ap_eval__altinn_trace(e->root, req, out);
	}
	if (ret != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}
