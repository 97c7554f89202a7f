/*
 * Evaluation with the standard semantics (XACML 3.0 core, 7.5-7.19):
 * targets, rules, policies and policy sets with the extended Indeterminate
 * values, the standard combining algorithms, obligations and advice.
 */
#include "eval/result.h"
#include "eval/xpolicy.h"
#include "policy/ids.h"
#include "policy/ids_engine.h"

#include <stdio.h>
#include <time.h>

#define MAX_REF_DEPTH 16

enum ext {
	E_NA = 0,
	E_PERMIT,
	E_DENY,
	E_IND_P,
	E_IND_D,
	E_IND_DP
};

/* An obligation or advice instance on its way up. */
struct xob {
	const struct xoblexpr *def;
	struct ap_assignment *as;
	size_t n;
	struct xob *next;
};

struct dec {
	enum ext d;
	enum xst st;
	const char *msg;
	struct xob *obl;   /* obligations and advice for d */
	const struct ap_node *decider;
};

struct run {
	struct xctx c;
	const struct ap_xacml *x;
	struct ap_result *r;
	int explain;
	int oom;
	unsigned ref_depth;
};

/* ---- expressions ------------------------------------------------------ */

/* 10.2.5: the PDP supplies current-time, -date and -dateTime when the
 * request has none (one clock reading per decision). */
static int environment_now(struct xctx *c, const struct xexpr *e, struct xres *out)
{
	static const struct {
		const char *id;
		enum xt t;
	} now[] = {
		{"urn:oasis:names:tc:xacml:1.0:environment:current-time", XT_TIME},
		{"urn:oasis:names:tc:xacml:1.0:environment:current-date", XT_DATE},
		{"urn:oasis:names:tc:xacml:1.0:environment:current-dateTime", XT_DATETIME},
	};
	size_t i;

	if (strcmp(e->u.des.cat, AP_ID_CAT_ENVIRONMENT) != 0)
		return 0;
	for (i = 0; i < ARRAY_SIZE(now); i++) {
		const char *lex;

		if (strcmp(e->u.des.id, now[i].id) != 0 || e->type != now[i].t)
			continue;
		lex = now[i].t == XT_TIME ? c->now + 11 : now[i].t == XT_DATETIME ? c->now : c->today;
		out->items = ap_arena_alloc(c->arena, sizeof(*out->items));
		if (out->items == NULL || ap_xt_parse(c->arena, e->type, lex, &out->items[0]) != 0) {
			ap_xres_error(out, XST_PROCESSING, "cannot read the clock");
			return 1;
		}
		out->n = 1;
		return 1;
	}
	return 0;
}

static void designator_bag(struct xctx *c, const struct xexpr *e, struct xres *out)
{
	const struct ap_request *req = c->req;
	size_t i, n = 0;

	memset(out, 0, sizeof(*out));
	out->bag = 1;
	out->t = e->type;
	for (i = 0; i < req->count; i++) {
		const struct ap_req_attr *a = &req->attrs[i];
		const char *cat = a->category_id ? a->category_id : ap_ids_category_id(a->category);
		const char *dt = a->data_type ? a->data_type : AP_ID_XS_STRING;

		if (a->id && cat && strcmp(a->id, e->u.des.id) == 0 && strcmp(cat, e->u.des.cat) == 0 &&
		    ap_xt_from_uri(dt) == e->type &&
		    (e->u.des.issuer == NULL || (a->issuer && strcmp(a->issuer, e->u.des.issuer) == 0)))
			n++;
	}
	if (n == 0 && environment_now(c, e, out))
		return;
	if (n == 0) {
		if (e->u.des.must)
			ap_xres_error(out, XST_MISSING, "a MustBePresent attribute is missing");
		return;
	}
	out->items = ap_arena_alloc(c->arena, n * sizeof(*out->items));
	if (out->items == NULL) {
		ap_xres_error(out, XST_PROCESSING, "out of memory");
		return;
	}
	for (i = 0; i < req->count; i++) {
		const struct ap_req_attr *a = &req->attrs[i];
		const char *cat = a->category_id ? a->category_id : ap_ids_category_id(a->category);
		const char *dt = a->data_type ? a->data_type : AP_ID_XS_STRING;

		if (!(a->id && cat && strcmp(a->id, e->u.des.id) == 0 && strcmp(cat, e->u.des.cat) == 0 &&
		      ap_xt_from_uri(dt) == e->type &&
		      (e->u.des.issuer == NULL || (a->issuer && strcmp(a->issuer, e->u.des.issuer) == 0))))
			continue;
		if (ap_xt_parse(c->arena, e->type, a->value, &out->items[out->n]) != 0) {
			ap_xres_error(out, XST_SYNTAX, "a request value is not of its DataType");
			return;
		}
		out->n++;
	}
}

void ap_xeval(struct xctx *c, const struct xexpr *e, struct xres *out)
{
	if (++c->depth > 256) {
		c->depth--;
		ap_xres_error(out, XST_PROCESSING, "evaluation nests too deep");
		return;
	}
	switch (e->k) {
	case XK_VALUE:
		memset(out, 0, sizeof(*out));
		out->t = e->type;
		out->v = e->u.val;
		break;
	case XK_DESIGNATOR:
		designator_bag(c, e, out);
		break;
	case XK_APPLY:
		ap_xfn_apply(c, &e->u.app.fn, e->u.app.args, e->u.app.nargs, out);
		break;
	case XK_VARREF:
		ap_xeval(c, e->u.var->e, out);
		break;
	case XK_FUNCTION:
		ap_xres_error(out, XST_PROCESSING, "a function is not a value");
		break;
	default:
		ap_xres_error(out, e->u.bad.st, e->u.bad.why);
		break;
	}
	c->depth--;
}

/* ---- targets ---------------------------------------------------------- */

enum tres {
	T_MATCH,
	T_NO,
	T_IND
};

static const char *short_id(const char *id)
{
	const char *p = id ? strrchr(id, ':') : NULL;

	return p ? p + 1 : id ? id : "";
}

static void miss(struct run *run, const struct xmatch *m, const char *why)
{
	if (run->explain && ap_result__miss(run->r, m->node, why) != AP_OK)
		run->oom = 1;
}

static enum tres match(struct run *run, const struct xmatch *m, struct dec *err)
{
	struct xres bag, r;
	struct xval vals[2];
	size_t i;
	int ind = 0;

	if (m->bad) {
		err->st = m->bad_st;
		err->msg = m->bad;
		if (run->explain)
			miss(run, m, ap_result__fmt(run->r, "%s (Indeterminate)", m->bad));
		return T_IND;
	}
	designator_bag(&run->c, &m->des, &bag);
	if (bag.st != XST_OK) {
		err->st = bag.st;
		err->msg = bag.msg;
		if (run->explain)
			miss(run, m, ap_result__fmt(run->r, "%s: %s (Indeterminate)", m->des.u.des.id, bag.msg));
		return T_IND;
	}
	vals[0] = m->val;
	for (i = 0; i < bag.n; i++) {
		vals[1] = bag.items[i];
		ap_xfn_call(&run->c, &m->fn, vals, 2, &r);
		if (r.st != XST_OK) {
			ind = 1;
			err->st = r.st;
			err->msg = r.msg;
			continue;
		}
		if (r.v.u.b)
			return T_MATCH;
	}
	if (run->explain) {
		if (bag.n == 0)
			miss(run, m, ap_result__fmt(run->r, "the request has no '%s' of type %s in %s",
						    m->des.u.des.id, short_id(ap_xt_uri(m->des.type)),
						    m->des.u.des.cat));
		else
			miss(run, m, ap_result__fmt(run->r, "no value of '%s' satisfies %s with '%s' (%zu value%s)",
						    m->des.u.des.id, short_id(ap_node_attr(m->node, "MatchId")),
						    m->val.lex ? m->val.lex : "", bag.n, bag.n == 1 ? "" : "s"));
	}
	return ind ? T_IND : T_NO;
}

/* AND of AnyOf; AnyOf: OR of AllOf; AllOf: AND of Match (7.7-7.9). */
static enum tres target(struct run *run, const struct xtarget *t, struct dec *err)
{
	size_t i, j, k;
	int target_ind = 0;

	for (i = 0; i < t->n; i++) {
		int any_match = 0, any_ind = 0;

		for (j = 0; j < t->any[i].n && !any_match; j++) {
			const struct xallof *al = &t->any[i].a[j];
			int all_ind = 0, all_no = 0;

			for (k = 0; k < al->n && !all_no; k++) {
				enum tres r = match(run, &al->m[k], err);

				if (r == T_NO)
					all_no = 1;
				else if (r == T_IND)
					all_ind = 1;
			}
			if (!all_no && !all_ind)
				any_match = 1;
			else if (!all_no)
				any_ind = 1;
		}
		if (!any_match && !any_ind)
			return T_NO;
		if (!any_match)
			target_ind = 1;
	}
	return target_ind ? T_IND : T_MATCH;
}

/* ---- obligations ------------------------------------------------------ */

/* Evaluates the expressions of defs for decision d onto *list; -1 on an
 * error (which makes the decision Indeterminate, 7.18). */
static int obligations(struct run *run, const struct xoblexpr *defs, size_t n,
		       enum ap_decision d, struct xob **list, struct dec *err)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		const struct xoblexpr *o = &defs[i];
		struct xob *ob;
		struct xres *vals;
		size_t total = 0;

		if (o->on != d)
			continue;
		vals = ap_arena_alloc(run->c.arena, (o->n ? o->n : 1) * sizeof(*vals));
		ob = ap_arena_calloc(run->c.arena, sizeof(*ob));
		if (vals == NULL || ob == NULL) {
			run->oom = 1;
			return -1;
		}
		for (j = 0; j < o->n; j++) {
			ap_xeval(&run->c, o->as[j].e, &vals[j]);
			if (vals[j].st != XST_OK) {
				err->st = vals[j].st;
				err->msg = vals[j].msg;
				return -1;
			}
			total += vals[j].bag ? vals[j].n : 1;
		}
		ob->def = o;
		ob->as = ap_arena_calloc(run->c.arena, (total ? total : 1) * sizeof(*ob->as));
		if (ob->as == NULL) {
			run->oom = 1;
			return -1;
		}
		for (j = 0; j < o->n; j++)
			for (k = 0; k < (vals[j].bag ? vals[j].n : 1); k++) {
				const struct xval *v = vals[j].bag ? &vals[j].items[k] : &vals[j].v;
				struct ap_assignment *a = &ob->as[ob->n++];
				char num[64];

				a->attribute_id = o->as[j].id ? o->as[j].id : "";
				a->category = o->as[j].cat;
				a->issuer = o->as[j].issuer;
				a->data_type = ap_xt_uri(v->t);
				if (v->lex)
					a->value = v->lex;
				else {
					if (v->t == XT_INTEGER)
						snprintf(num, sizeof(num), "%lld", (long long)v->u.i);
					else if (v->t == XT_DOUBLE)
						snprintf(num, sizeof(num), "%g", v->u.d);
					else if (v->t == XT_BOOLEAN)
						snprintf(num, sizeof(num), "%s", v->u.b ? "true" : "false");
					else
						snprintf(num, sizeof(num), "%.*s", (int)v->u.s.n, v->u.s.p ? v->u.s.p : "");
					a->value = ap_arena_strndup(run->c.arena, num, strlen(num));
				}
			}
		ob->next = *list;
		*list = ob;
	}
	return 0;
}

static struct xob *concat(struct xob *a, struct xob *b)
{
	struct xob *t = a;

	if (a == NULL)
		return b;
	while (t->next)
		t = t->next;
	t->next = b;
	return a;
}

/* ---- rules, policies, combining --------------------------------------- */

static void rule(struct run *run, const struct xrule *r, struct dec *out)
{
	enum tres t;
	struct xres c;
	int applicable = 0, matched = 0;
	enum ap_decision d = AP_DECISION_NOT_APPLICABLE;

	memset(out, 0, sizeof(*out));
	if (r->effect == AP_DECISION_INDETERMINATE) {
		out->d = E_IND_DP;
		out->st = XST_SYNTAX;
		out->msg = "a Rule's Effect is neither Permit nor Deny";
		goto traced;
	}
	t = target(run, &r->target, out);
	if (t == T_NO) {
		out->d = E_NA;
		goto traced;
	}
	if (t == T_IND) {
		out->d = r->effect == AP_DECISION_PERMIT ? E_IND_P : E_IND_D;
		goto traced;
	}
	applicable = 1;
	if (r->cond) {
		ap_xeval(&run->c, r->cond, &c);
		if (c.st != XST_OK) {
			out->st = c.st;
			out->msg = c.msg;
			out->d = r->effect == AP_DECISION_PERMIT ? E_IND_P : E_IND_D;
			if (run->explain && ap_result__miss(run->r, r->cond->node,
							    ap_result__fmt(run->r, "the Condition is Indeterminate: %s", c.msg ? c.msg : "")) != AP_OK)
				run->oom = 1;
			goto traced;
		}
		if (!c.v.u.b) {
			out->d = E_NA;
			if (run->explain && ap_result__miss(run->r, r->cond->node,
							    ap_result__fmt(run->r, "the Condition is false")) != AP_OK)
				run->oom = 1;
			goto traced;
		}
	}
	matched = 1;
	out->d = r->effect == AP_DECISION_PERMIT ? E_PERMIT : E_DENY;
	out->decider = r->node;
	if (obligations(run, r->obl, r->nobl, r->effect, &out->obl, out) != 0)
		out->d = r->effect == AP_DECISION_PERMIT ? E_IND_P : E_IND_D;
traced:
	d = out->d == E_PERMIT ? AP_DECISION_PERMIT : out->d == E_DENY ? AP_DECISION_DENY
	    : out->d == E_NA ? AP_DECISION_NOT_APPLICABLE : AP_DECISION_INDETERMINATE;
	if (run->explain && ap_result__step(run->r, r->node, applicable, matched, d) != AP_OK)
		run->oom = 1;
}

static void policy(struct run *run, const struct xpolicy *p, struct dec *out);

/* The decisions of a policy's children (rules or policies). */
struct kids {
	struct dec *d;
	size_t n;
};

/* Appends the obligations of the kids that reached decision d. */
static struct xob *gather(const struct kids *k, enum ext d)
{
	struct xob *all = NULL;
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->d[i].d == d)
			all = concat(all, k->d[i].obl);
	return all;
}

static const struct ap_node *first_decider(const struct kids *k, enum ext d)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->d[i].d == d)
			return k->d[i].decider;
	return NULL;
}

/* The status of the first kid that is Indeterminate. */
static void first_error(const struct kids *k, struct dec *out)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->d[i].d >= E_IND_P && k->d[i].st != XST_OK) {
			out->st = k->d[i].st;
			out->msg = k->d[i].msg;
			return;
		}
	out->st = XST_PROCESSING;
}

/* Appendix C tables (3.0), over evaluated children. */
static void combine(enum xcomb alg, const struct kids *k, struct dec *out)
{
	int permit = 0, deny = 0, ip = 0, id = 0, idp = 0;
	size_t i;
	enum ext r;

	for (i = 0; i < k->n; i++)
		switch (k->d[i].d) {
		case E_PERMIT: permit = 1; break;
		case E_DENY: deny = 1; break;
		case E_IND_P: ip = 1; break;
		case E_IND_D: id = 1; break;
		case E_IND_DP: idp = 1; break;
		default: break;
		}
	switch (alg) {
	case XC_DENY_OVERRIDES:
		r = deny ? E_DENY : (idp || (id && (ip || permit))) ? E_IND_DP : id ? E_IND_D
		    : permit ? E_PERMIT : ip ? E_IND_P : E_NA;
		break;
	case XC_PERMIT_OVERRIDES:
		r = permit ? E_PERMIT : (idp || (ip && (id || deny))) ? E_IND_DP : ip ? E_IND_P
		    : deny ? E_DENY : id ? E_IND_D : E_NA;
		break;
	case XC_DENY_UNLESS_PERMIT:
		r = permit ? E_PERMIT : E_DENY;
		break;
	case XC_PERMIT_UNLESS_DENY:
		r = deny ? E_DENY : E_PERMIT;
		break;
	default: /* first-applicable, handled by the caller */
		r = E_NA;
		break;
	}
	out->d = r;
	if (r == E_PERMIT || r == E_DENY) {
		out->obl = gather(k, r);
		out->decider = first_decider(k, r);
	} else if (r != E_NA) {
		first_error(k, out);
	}
}

static const struct xpolicy *resolve(const struct ap_xacml *x, const struct xchild *ch)
{
	const char *id = ch->ref;
	size_t i, n;

	while (*id == ' ' || *id == '\n' || *id == '\t' || *id == '\r')
		id++;
	n = strlen(id);
	while (n && (id[n - 1] == ' ' || id[n - 1] == '\n' || id[n - 1] == '\t' || id[n - 1] == '\r'))
		n--;
	for (i = 0; i < x->nrefs; i++) {
		const struct xpolicy *p = x->refs[i];

		if (p->is_set == ch->ref_set && p->id && strlen(p->id) == n && memcmp(p->id, id, n) == 0)
			return p;
	}
	return NULL;
}

/* Evaluates child i of a policy set (resolving references). */
static void child(struct run *run, const struct xpolicy *p, size_t i, struct dec *out)
{
	const struct xchild *ch = &p->children[i];
	const struct xpolicy *target_p = ch->p;

	if (target_p == NULL) {
		target_p = resolve(run->x, ch);
		if (target_p == NULL || run->ref_depth >= MAX_REF_DEPTH) {
			memset(out, 0, sizeof(*out));
			out->d = E_IND_DP;
			out->st = XST_PROCESSING;
			out->msg = target_p ? "policy references nest too deep" : "an unresolved policy reference";
			return;
		}
		run->ref_depth++;
		policy(run, target_p, out);
		run->ref_depth--;
		return;
	}
	policy(run, target_p, out);
}

/* Target of a child policy alone (for only-one-applicable). */
static enum tres child_target(struct run *run, const struct xpolicy *p, size_t i, struct dec *err)
{
	const struct xchild *ch = &p->children[i];
	const struct xpolicy *c = ch->p ? ch->p : resolve(run->x, ch);

	if (c == NULL) {
		err->st = XST_PROCESSING;
		err->msg = "an unresolved policy reference";
		return T_IND;
	}
	return target(run, &c->target, err);
}

static void combine_children(struct run *run, const struct xpolicy *p, struct dec *out)
{
	size_t n = p->is_set ? p->nchildren : p->nrules, i;
	struct kids k;

	k.n = 0;
	k.d = ap_arena_calloc(run->c.arena, (n ? n : 1) * sizeof(*k.d));
	if (k.d == NULL) {
		run->oom = 1;
		return;
	}
	if (p->alg == XC_ONLY_ONE_APPLICABLE) {
		size_t chosen = n;

		for (i = 0; i < n; i++) {
			struct dec err;

			memset(&err, 0, sizeof(err));
			switch (child_target(run, p, i, &err)) {
			case T_IND:
				out->d = E_IND_DP;
				out->st = err.st ? err.st : XST_PROCESSING;
				out->msg = err.msg;
				return;
			case T_MATCH:
				if (chosen != n) {
					out->d = E_IND_DP;
					out->st = XST_PROCESSING;
					out->msg = "only-one-applicable: more than one policy applies";
					return;
				}
				chosen = i;
				break;
			default:
				break;
			}
		}
		if (chosen != n)
			child(run, p, chosen, out);
		return;
	}
	for (i = 0; i < n; i++) {
		if (p->is_set)
			child(run, p, i, &k.d[i]);
		else
			rule(run, &p->rules[i], &k.d[i]);
		k.n++;
		if ((p->alg == XC_FIRST_APPLICABLE && k.d[i].d != E_NA) ||
		    /* C.2-C.7: the overriding effect ends the evaluation */
		    (k.d[i].d == E_DENY && (p->alg == XC_DENY_OVERRIDES || p->alg == XC_PERMIT_UNLESS_DENY)) ||
		    (k.d[i].d == E_PERMIT && (p->alg == XC_PERMIT_OVERRIDES || p->alg == XC_DENY_UNLESS_PERMIT))) {
			*out = k.d[i];
			/* the trace still shows every rule */
			for (i++; run->explain && !p->is_set && i < n; i++)
				if (ap_result__step(run->r, p->rules[i].node, 0, 0,
						    AP_DECISION_NOT_APPLICABLE) != AP_OK)
					run->oom = 1;
			return;
		}
	}
	if (p->alg != XC_FIRST_APPLICABLE)
		combine(p->alg, &k, out);
}

static void policy(struct run *run, const struct xpolicy *p, struct dec *out)
{
	struct dec terr;
	enum tres t;
	enum ap_decision d;

	memset(out, 0, sizeof(*out));
	memset(&terr, 0, sizeof(terr));
	if (p->bad) {
		out->d = E_IND_DP;
		out->st = XST_PROCESSING;
		out->msg = p->bad;
		return;
	}
	t = target(run, &p->target, &terr);
	if (t != T_MATCH && run->explain &&
	    ap_result__store(run->r)->nmisses &&
	    ap_result__step(run->r, p->node, 0, 0, t == T_NO ? AP_DECISION_NOT_APPLICABLE
			    : AP_DECISION_INDETERMINATE) != AP_OK)
		run->oom = 1;
	if (t == T_NO) {
		out->d = E_NA;
		return;
	}
	combine_children(run, p, out);
	if (t == T_IND) {
		/* 7.13: an Indeterminate target keeps only what could be */
		if (out->d == E_NA)
			return;
		out->d = out->d == E_PERMIT ? E_IND_P : out->d == E_DENY ? E_IND_D : out->d;
		out->obl = NULL;
		out->st = terr.st ? terr.st : XST_PROCESSING;
		out->msg = terr.msg;
		return;
	}
	if (out->d == E_PERMIT || out->d == E_DENY) {
		d = out->d == E_PERMIT ? AP_DECISION_PERMIT : AP_DECISION_DENY;
		if (obligations(run, p->obl, p->nobl, d, &out->obl, out) != 0) {
			out->d = out->d == E_PERMIT ? E_IND_P : E_IND_D;
			out->obl = NULL;
		}
	}
}

/* ---- the engine hooks ------------------------------------------------- */

static void clock_now(struct xctx *c)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(c->now, sizeof(c->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(c->today, sizeof(c->today), "%Y-%m-%dZ", &tm);
}

static int add_ref(struct ap_xacml *x, struct xpolicy *p)
{
	if (x->nrefs == x->refs_cap) {
		size_t cap = x->refs_cap ? x->refs_cap * 2 : 4;
		struct xpolicy **n = ap_realloc(x->refs, cap * sizeof(*n));

		if (n == NULL)
			return AP_ENOMEM;
		x->refs = n;
		x->refs_cap = cap;
	}
	x->refs[x->nrefs++] = p;
	return AP_OK;
}

int ap_xacml__compile(struct ap_xacml **out, const struct ap_doc *doc, struct ap_error *err)
{
	struct ap_xacml *x = ap_calloc(1, sizeof(*x));

	(void)err;
	*out = NULL;
	if (x == NULL)
		return AP_ENOMEM;
	x->root = ap_xcompile_policy(&x->arena, doc->root);
	if (x->root == NULL || add_ref(x, x->root) != AP_OK) {
		ap_xacml__free(x);
		return AP_ENOMEM;
	}
	*out = x;
	return AP_OK;
}

int ap_xacml__add_reference(struct ap_xacml *x, const struct ap_doc *doc, struct ap_error *err)
{
	struct xpolicy *p = ap_xcompile_policy(&x->arena, doc->root);

	if (p == NULL || add_ref(x, p) != AP_OK)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

void ap_xacml__free(struct ap_xacml *x)
{
	if (x == NULL)
		return;
	ap_arena_release(&x->arena);
	ap_free(x->refs);
	ap_free(x);
}

static const char *status_uri(enum xst st)
{
	switch (st) {
	case XST_MISSING: return AP_STATUS_MISSING;
	case XST_SYNTAX: return AP_STATUS_SYNTAX;
	case XST_PROCESSING: return AP_STATUS_PROCESSING;
	default: return AP_STATUS_OK;
	}
}

int ap_xacml__decide(const struct ap_xacml *x, const struct ap_request *req,
		     unsigned flags, struct ap_result *r)
{
	struct ap_arena arena = AP_ARENA_INIT;
	struct run run;
	struct dec d;
	struct xob *o;
	int ret = AP_OK;

	memset(&run, 0, sizeof(run));
	run.c.req = req;
	run.c.arena = &arena;
	run.x = x;
	run.r = r;
	run.explain = (flags & AP_EVAL_EXPLAIN) != 0;
	clock_now(&run.c);
	policy(&run, x->root, &d);
	switch (d.d) {
	case E_PERMIT: r->decision = AP_DECISION_PERMIT; break;
	case E_DENY: r->decision = AP_DECISION_DENY; break;
	case E_NA: r->decision = AP_DECISION_NOT_APPLICABLE; break;
	default:
		r->decision = AP_DECISION_INDETERMINATE;
		r->status = status_uri(d.st ? d.st : XST_PROCESSING);
		r->status_message = ap_result__str(r, d.msg ? d.msg : "");
		break;
	}
	if (r->decision == AP_DECISION_PERMIT || r->decision == AP_DECISION_DENY)
		r->decider = d.decider;
	/* the list was built newest first within each level: restore order */
	for (o = d.obl; o && ret == AP_OK; o = o->next) {
		struct ap_obligation *ob = ap_result__add_obligation(r, o->def->advice, o->def->id, o->n);
		size_t i;

		if (ob == NULL) {
			ret = AP_ENOMEM;
			break;
		}
		for (i = 0; i < o->n; i++) {
			struct ap_assignment a = o->as[i];

			a.value = ap_result__str(r, a.value ? a.value : "");
			if (a.value == NULL) {
				ret = AP_ENOMEM;
				break;
			}
			ap_result__add_assignment(ob, &a);
		}
	}
	if (run.oom || (r->status_message == NULL))
		ret = AP_ENOMEM;
	ap_arena_release(&arena);
	return ret;
}
