/*
 * Compiling a Policy or PolicySet for the standard semantics: Targets
 * (AnyOf / AllOf / Match), Conditions as expression trees with static
 * types, VariableDefinitions, obligation and advice expressions.  A static
 * error (unknown function, wrong argument types, unparseable value) is
 * kept in place and evaluates to Indeterminate, as XACML 3.0 allows.
 */
#include "eval/xpolicy.h"
#include "policy/ids_engine.h"

#include <stdio.h>
#include <strings.h>

#define MAX_DEPTH 64

struct vardef {
	const char *id;
	const struct ap_node *node;
	struct xvar *var; /* NULL until compiled */
	int busy;         /* compiling: a reference cycle */
};

struct cc {
	struct ap_arena *a;
	struct vardef *vars;
	size_t nvars;
	int oom;
};

static void *alloc(struct cc *c, size_t n)
{
	void *p = ap_arena_calloc(c->a, n ? n : 1);

	if (p == NULL)
		c->oom = 1;
	return p;
}

/* A static error: type errors are processing errors (IIC003), malformed
 * elements and values syntax errors (IIA004). */
static struct xexpr *bad_st(struct cc *c, const struct ap_node *n, enum xst st, const char *why)
{
	struct xexpr *e = alloc(c, sizeof(*e));

	if (e) {
		e->k = XK_BAD;
		e->node = n;
		e->type = XT_NONE;
		e->u.bad.why = why;
		e->u.bad.st = st;
	}
	return e;
}

static struct xexpr *bad(struct cc *c, const struct ap_node *n, const char *why)
{
	return bad_st(c, n, XST_PROCESSING, why);
}

static struct xexpr *syntax(struct cc *c, const struct ap_node *n, const char *why)
{
	return bad_st(c, n, XST_SYNTAX, why);
}

/* Element children of n, comments and Descriptions skipped. */
static size_t count_exprs(const struct ap_node *n)
{
	const struct ap_node *c;
	size_t k = 0;

	for (c = n->first_child; c; c = c->next)
		if (c->kind != AP_NODE_COMMENT && c->kind != AP_NODE_DESCRIPTION)
			k++;
	return k;
}

static struct xexpr *expr(struct cc *c, const struct ap_node *n, unsigned depth);

static int designator(const struct ap_node *n, struct xexpr *e)
{
	const char *mbp = ap_node_attr(n, "MustBePresent");

	e->k = XK_DESIGNATOR;
	e->node = n;
	e->bag = 1;
	e->type = ap_xt_from_uri(ap_node_attr(n, "DataType"));
	e->u.des.cat = ap_node_attr(n, "Category");
	e->u.des.id = ap_node_attr(n, "AttributeId");
	e->u.des.issuer = ap_node_attr(n, "Issuer");
	e->u.des.must = mbp && (strcmp(mbp, "true") == 0 || strcmp(mbp, "1") == 0);
	if (e->type == XT_NONE || e->u.des.cat == NULL || e->u.des.id == NULL)
		return -1;
	return 0;
}

static struct xexpr *value_expr(struct cc *c, const struct ap_node *n)
{
	struct xexpr *e = alloc(c, sizeof(*e));
	enum xt t = ap_xt_from_uri(ap_node_attr(n, "DataType"));
	int r;

	if (e == NULL)
		return NULL;
	if (t == XT_NONE)
		return syntax(c, n, "unknown DataType");
	r = ap_xt_parse(c->a, t, n->text ? n->text : "", &e->u.val);
	if (r == -2) {
		c->oom = 1;
		return NULL;
	}
	if (r < 0)
		return syntax(c, n, "the value is not of its DataType");
	e->k = XK_VALUE;
	e->node = n;
	e->type = t;
	return e;
}

static struct xexpr *varref(struct cc *c, const struct ap_node *n, unsigned depth)
{
	const char *id = ap_node_attr(n, "VariableId");
	struct xexpr *e;
	size_t i;

	for (i = 0; id && i < c->nvars; i++) {
		struct vardef *v = &c->vars[i];

		if (strcmp(v->id, id) != 0)
			continue;
		if (v->busy)
			return bad(c, n, "a VariableDefinition refers to itself");
		if (v->var == NULL) {
			const struct ap_node *body = v->node->first_child;

			while (body && (body->kind == AP_NODE_COMMENT || body->kind == AP_NODE_DESCRIPTION))
				body = body->next;
			v->var = alloc(c, sizeof(*v->var));
			if (v->var == NULL)
				return NULL;
			v->busy = 1;
			v->var->id = v->id;
			v->var->e = body ? expr(c, body, depth + 1) : bad(c, v->node, "empty VariableDefinition");
			v->busy = 0;
			if (v->var->e == NULL)
				return NULL;
		}
		if (v->var->e->k == XK_BAD)
			return v->var->e;
		e = alloc(c, sizeof(*e));
		if (e) {
			e->k = XK_VARREF;
			e->node = n;
			e->type = v->var->e->type;
			e->bag = v->var->e->bag;
			e->u.var = v->var;
		}
		return e;
	}
	return bad(c, n, "no VariableDefinition with this VariableId");
}

static struct xexpr *apply(struct cc *c, const struct ap_node *n, unsigned depth)
{
	struct xexpr *e = alloc(c, sizeof(*e));
	const struct ap_node *ch;
	const char *why;
	size_t k = 0;

	if (e == NULL)
		return NULL;
	if (ap_xfn_lookup(ap_node_attr(n, "FunctionId"), &e->u.app.fn) != 0)
		return bad(c, n, "not a standard XACML 3.0 function");
	e->u.app.nargs = count_exprs(n);
	e->u.app.args = alloc(c, e->u.app.nargs * sizeof(*e->u.app.args));
	if (e->u.app.args == NULL)
		return NULL;
	for (ch = n->first_child; ch; ch = ch->next) {
		if (ch->kind == AP_NODE_COMMENT || ch->kind == AP_NODE_DESCRIPTION)
			continue;
		if ((e->u.app.args[k++] = expr(c, ch, depth + 1)) == NULL)
			return NULL;
	}
	for (k = 0; k < e->u.app.nargs; k++)
		if (e->u.app.args[k]->k == XK_BAD)
			return e->u.app.args[k];
	e->k = XK_APPLY;
	e->node = n;
	if (ap_xfn_check(&e->u.app.fn, e->u.app.args, e->u.app.nargs, &e->type, &e->bag, &why) != 0) {
		const char *id = ap_node_attr(n, "FunctionId"), *name = strrchr(id, ':');
		char msg[256];
		const char *copy;

		snprintf(msg, sizeof(msg), "%s at %u:%u: %s", name ? name + 1 : id, n->line, n->col, why);
		copy = ap_arena_strndup(c->a, msg, strlen(msg));
		if (copy == NULL) {
			c->oom = 1;
			return NULL;
		}
		return bad(c, n, copy);
	}
	return e;
}

static struct xexpr *expr(struct cc *c, const struct ap_node *n, unsigned depth)
{
	struct xexpr *e;

	if (depth > MAX_DEPTH)
		return bad(c, n, "expressions nest too deep");
	switch (n->kind) {
	case AP_NODE_APPLY:
		return apply(c, n, depth);
	case AP_NODE_ATTRIBUTE_VALUE:
		return value_expr(c, n);
	case AP_NODE_ATTRIBUTE_DESIGNATOR:
		e = alloc(c, sizeof(*e));
		if (e && designator(n, e) != 0)
			return syntax(c, n, "AttributeDesignator needs AttributeId, Category and a known DataType");
		return e;
	case AP_NODE_VARIABLE_REFERENCE:
		return varref(c, n, depth);
	case AP_NODE_FUNCTION:
		e = alloc(c, sizeof(*e));
		if (e == NULL)
			return NULL;
		if (ap_xfn_lookup(ap_node_attr(n, "FunctionId"), &e->u.fn) != 0)
			return bad(c, n, "not a standard XACML 3.0 function");
		e->k = XK_FUNCTION;
		e->node = n;
		e->type = XT_NONE;
		return e;
	case AP_NODE_ATTRIBUTE_SELECTOR:
		return bad(c, n, "AttributeSelector (XPath over request Content) is not supported");
	default:
		return syntax(c, n, "not an expression");
	}
}

static void compile_match(struct cc *c, const struct ap_node *n, struct xmatch *m)
{
	const struct ap_node *v = ap_node__child(n, AP_NODE_ATTRIBUTE_VALUE);
	const struct ap_node *d = ap_node__child(n, AP_NODE_ATTRIBUTE_DESIGNATOR);
	struct xexpr *ve;
	struct xexpr *args[2];
	enum xt t;
	int bag, r;
	const char *why;

	m->node = n;
	m->bad_st = XST_PROCESSING;
	if (ap_xfn_lookup(ap_node_attr(n, "MatchId"), &m->fn) != 0) {
		m->bad = "MatchId is not a standard XACML 3.0 function";
		return;
	}
	if (ap_node__child(n, AP_NODE_ATTRIBUTE_SELECTOR)) {
		m->bad = "AttributeSelector (XPath over request Content) is not supported";
		return;
	}
	if (v == NULL || d == NULL || designator(d, &m->des) != 0) {
		m->bad = "a Match needs an AttributeValue and a complete AttributeDesignator";
		m->bad_st = XST_SYNTAX;
		return;
	}
	ve = value_expr(c, v);
	if (ve == NULL)
		return;
	if (ve->k == XK_BAD) {
		m->bad = ve->u.bad.why;
		m->bad_st = ve->u.bad.st;
		return;
	}
	m->val = ve->u.val;
	/* the function applied to the value and one designator value */
	args[0] = ve;
	m->des.bag = 0;
	args[1] = &m->des;
	r = ap_xfn_check(&m->fn, args, 2, &t, &bag, &why);
	m->des.bag = 1;
	if (r != 0 || t != XT_BOOLEAN || bag)
		m->bad = "the MatchId function does not take these types or does not give a boolean";
}

static void compile_target(struct cc *c, const struct ap_node *t, struct xtarget *out)
{
	const struct ap_node *any, *all, *m;
	size_t i, j, k;

	memset(out, 0, sizeof(*out));
	if (t == NULL)
		return;
	for (any = ap_node__child(t, AP_NODE_ANY_OF); any; any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
		out->n++;
	out->any = alloc(c, out->n * sizeof(*out->any));
	if (out->any == NULL)
		return;
	for (i = 0, any = ap_node__child(t, AP_NODE_ANY_OF); any;
	     any = ap_node__next_sibling(any, AP_NODE_ANY_OF), i++) {
		struct xanyof *xa = &out->any[i];

		for (all = ap_node__child(any, AP_NODE_ALL_OF); all; all = ap_node__next_sibling(all, AP_NODE_ALL_OF))
			xa->n++;
		xa->a = alloc(c, xa->n * sizeof(*xa->a));
		if (xa->a == NULL)
			return;
		for (j = 0, all = ap_node__child(any, AP_NODE_ALL_OF); all;
		     all = ap_node__next_sibling(all, AP_NODE_ALL_OF), j++) {
			struct xallof *xl = &xa->a[j];

			for (m = ap_node__child(all, AP_NODE_MATCH); m; m = ap_node__next_sibling(m, AP_NODE_MATCH))
				xl->n++;
			xl->m = alloc(c, xl->n * sizeof(*xl->m));
			if (xl->m == NULL)
				return;
			for (k = 0, m = ap_node__child(all, AP_NODE_MATCH); m;
			     m = ap_node__next_sibling(m, AP_NODE_MATCH), k++)
				compile_match(c, m, &xl->m[k]);
		}
	}
}

static enum ap_decision effect(const char *s)
{
	if (s && strcmp(s, "Permit") == 0)
		return AP_DECISION_PERMIT;
	if (s && strcmp(s, "Deny") == 0)
		return AP_DECISION_DENY;
	return AP_DECISION_INDETERMINATE;
}

static void compile_obligations(struct cc *c, const struct ap_node *owner,
				struct xoblexpr **out, size_t *nout)
{
	static const enum ap_node_kind lists[2] = {AP_NODE_OBLIGATION_EXPRESSIONS, AP_NODE_ADVICE_EXPRESSIONS};
	static const enum ap_node_kind items[2] = {AP_NODE_OBLIGATION_EXPRESSION, AP_NODE_ADVICE_EXPRESSION};
	const struct ap_node *l, *o, *aa;
	size_t n = 0, k, i;

	for (k = 0; k < 2; k++)
		if ((l = ap_node__child(owner, lists[k])) != NULL)
			for (o = ap_node__child(l, items[k]); o; o = ap_node__next_sibling(o, items[k]))
				n++;
	*nout = 0;
	*out = alloc(c, n * sizeof(**out));
	if (*out == NULL)
		return;
	for (k = 0; k < 2; k++) {
		if ((l = ap_node__child(owner, lists[k])) == NULL)
			continue;
		for (o = ap_node__child(l, items[k]); o; o = ap_node__next_sibling(o, items[k])) {
			struct xoblexpr *x = &(*out)[(*nout)++];

			x->advice = (int)k;
			x->id = ap_node_attr(o, k ? "AdviceId" : "ObligationId");
			x->on = effect(ap_node_attr(o, k ? "AppliesTo" : "FulfillOn"));
			for (aa = ap_node__child(o, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION); aa;
			     aa = ap_node__next_sibling(aa, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION))
				x->n++;
			x->as = alloc(c, x->n * sizeof(*x->as));
			if (x->as == NULL)
				return;
			for (i = 0, aa = ap_node__child(o, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION); aa;
			     aa = ap_node__next_sibling(aa, AP_NODE_ATTRIBUTE_ASSIGNMENT_EXPRESSION), i++) {
				const struct ap_node *body = aa->first_child;

				while (body && (body->kind == AP_NODE_COMMENT || body->kind == AP_NODE_DESCRIPTION))
					body = body->next;
				x->as[i].id = ap_node_attr(aa, "AttributeId");
				x->as[i].cat = ap_node_attr(aa, "Category");
				x->as[i].issuer = ap_node_attr(aa, "Issuer");
				x->as[i].e = body ? expr(c, body, 0) : bad(c, aa, "empty AttributeAssignmentExpression");
				if (x->as[i].e == NULL)
					return;
			}
		}
	}
}

static void compile_rule(struct cc *c, const struct ap_node *n, struct xrule *r)
{
	const struct ap_node *cond = ap_node__child(n, AP_NODE_CONDITION);

	r->node = n;
	r->effect = effect(n->u.rule.effect);
	compile_target(c, ap_node__child(n, AP_NODE_TARGET), &r->target);
	if (cond) {
		const struct ap_node *body = cond->first_child;

		while (body && (body->kind == AP_NODE_COMMENT || body->kind == AP_NODE_DESCRIPTION))
			body = body->next;
		r->cond = body ? expr(c, body, 0) : bad(c, cond, "empty Condition");
		if (r->cond && r->cond->k != XK_BAD && (r->cond->type != XT_BOOLEAN || r->cond->bag))
			r->cond = bad(c, cond, "the Condition does not give one boolean");
	}
	compile_obligations(c, n, &r->obl, &r->nobl);
}

static enum xcomb combining(const char *id)
{
	static const struct {
		const char *name;
		enum xcomb alg;
	} names[] = {
		{"deny-overrides", XC_DENY_OVERRIDES},
		{"ordered-deny-overrides", XC_DENY_OVERRIDES},
		{"permit-overrides", XC_PERMIT_OVERRIDES},
		{"ordered-permit-overrides", XC_PERMIT_OVERRIDES},
		{"deny-unless-permit", XC_DENY_UNLESS_PERMIT},
		{"permit-unless-deny", XC_PERMIT_UNLESS_DENY},
		{"first-applicable", XC_FIRST_APPLICABLE},
		{"only-one-applicable", XC_ONLY_ONE_APPLICABLE},
	};
	const char *p;
	size_t i;

	if (id == NULL || strncmp(id, "urn:oasis:names:tc:xacml:", 25) != 0 ||
	    (strstr(id, ":rule-combining-algorithm:") == NULL &&
	     strstr(id, ":policy-combining-algorithm:") == NULL))
		return XC_BAD;
	p = strrchr(id, ':') + 1;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(p, names[i].name) == 0)
			return names[i].alg;
	return XC_BAD;
}

/* The VariableDefinitions of a Policy, compiled when first referenced. */
static int collect_vars(struct cc *c, const struct ap_node *policy)
{
	const struct ap_node *v;
	size_t n = 0;

	for (v = ap_node__child(policy, AP_NODE_VARIABLE_DEFINITION); v;
	     v = ap_node__next_sibling(v, AP_NODE_VARIABLE_DEFINITION))
		n++;
	c->nvars = 0;
	c->vars = alloc(c, n * sizeof(*c->vars));
	if (c->vars == NULL)
		return -1;
	for (v = ap_node__child(policy, AP_NODE_VARIABLE_DEFINITION); v;
	     v = ap_node__next_sibling(v, AP_NODE_VARIABLE_DEFINITION)) {
		const char *id = ap_node_attr(v, "VariableId");

		if (id == NULL)
			continue;
		c->vars[c->nvars].id = id;
		c->vars[c->nvars].node = v;
		c->nvars++;
	}
	return 0;
}

static struct xpolicy *compile(struct cc *c, const struct ap_node *n, unsigned depth)
{
	struct xpolicy *p = alloc(c, sizeof(*p));
	const struct ap_node *ch;
	size_t k = 0;

	if (p == NULL)
		return NULL;
	p->node = n;
	p->is_set = n->kind == AP_NODE_POLICY_SET;
	p->id = ap_node_attr(n, p->is_set ? "PolicySetId" : "PolicyId");
	p->alg = combining(ap_node_attr(n, p->is_set ? "PolicyCombiningAlgId" : "RuleCombiningAlgId"));
	if (p->alg == XC_BAD)
		p->bad = "unknown combining algorithm";
	if (p->alg == XC_ONLY_ONE_APPLICABLE && !p->is_set)
		p->bad = "only-one-applicable combines policies, not rules";
	if (depth > MAX_DEPTH) {
		p->bad = "policy sets nest too deep";
		return p;
	}
	compile_target(c, ap_node__child(n, AP_NODE_TARGET), &p->target);
	if (!p->is_set) {
		if (collect_vars(c, n) != 0)
			return NULL;
		for (ch = ap_node__child(n, AP_NODE_RULE); ch; ch = ap_node__next_sibling(ch, AP_NODE_RULE))
			p->nrules++;
		p->rules = alloc(c, p->nrules * sizeof(*p->rules));
		if (p->rules == NULL)
			return NULL;
		for (ch = ap_node__child(n, AP_NODE_RULE); ch; ch = ap_node__next_sibling(ch, AP_NODE_RULE))
			compile_rule(c, ch, &p->rules[k++]);
	} else {
		for (ch = n->first_child; ch; ch = ch->next)
			if (ch->kind == AP_NODE_POLICY || ch->kind == AP_NODE_POLICY_SET ||
			    (ch->name && (strcmp(ch->name, "PolicyIdReference") == 0 ||
					  strcmp(ch->name, "PolicySetIdReference") == 0)))
				p->nchildren++;
		p->children = alloc(c, p->nchildren * sizeof(*p->children));
		if (p->children == NULL)
			return NULL;
		for (ch = n->first_child; ch; ch = ch->next) {
			struct xchild *x;

			if (!(ch->kind == AP_NODE_POLICY || ch->kind == AP_NODE_POLICY_SET ||
			      (ch->name && (strcmp(ch->name, "PolicyIdReference") == 0 ||
					    strcmp(ch->name, "PolicySetIdReference") == 0))))
				continue;
			x = &p->children[k++];
			x->node = ch;
			if (ch->kind == AP_NODE_POLICY || ch->kind == AP_NODE_POLICY_SET) {
				if ((x->p = compile(c, ch, depth + 1)) == NULL)
					return NULL;
			} else {
				x->ref = ap_node_text(ch);
				x->ref_set = strcmp(ch->name, "PolicySetIdReference") == 0;
			}
		}
	}
	compile_obligations(c, n, &p->obl, &p->nobl);
	return c->oom ? NULL : p;
}

struct xpolicy *ap_xcompile_policy(struct ap_arena *a, const struct ap_node *n)
{
	struct cc c;
	struct xpolicy *p;

	memset(&c, 0, sizeof(c));
	c.a = a;
	p = compile(&c, n, 0);
	return c.oom ? NULL : p;
}
