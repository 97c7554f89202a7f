/* Storage of decision results: arena strings, obligations, trace. */
#include "internal.h"
#include "eval/result.h"
#include "policy/model.h"

#include <stdarg.h>
#include <stdio.h>

int ap_result__init(struct ap_result *r)
{
	struct ap_result_store *s;

	memset(r, 0, sizeof(*r));
	r->status = AP_STATUS_OK;
	r->status_message = "";
	s = ap_calloc(1, sizeof(*s));
	if (s == NULL)
		return AP_ENOMEM;
	r->priv = s;
	return AP_OK;
}

struct ap_result_store *ap_result__store(const struct ap_result *r)
{
	return r->priv;
}

void ap_result_release(struct ap_result *r)
{
	struct ap_result_store *s;

	if (r == NULL || r->priv == NULL)
		return;
	s = r->priv;
	ap_arena_release(&s->arena);
	ap_free(s->obl);
	ap_free(s->adv);
	ap_free(s->trace);
	ap_free(s->misses);
	ap_free(s);
	memset(r, 0, sizeof(*r));
}

const char *ap_result__str(struct ap_result *r, const char *s)
{
	if (s == NULL)
		return NULL;
	return ap_arena_strndup(&ap_result__store(r)->arena, s, strlen(s));
}

const char *ap_result__fmt(struct ap_result *r, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof(small))
		return ap_arena_strndup(&ap_result__store(r)->arena, small, (size_t)n);
	p = ap_arena_alloc(&ap_result__store(r)->arena, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static int grow(void **arr, size_t *cap, size_t need, size_t size)
{
	void *p;
	size_t n;

	if (need <= *cap)
		return AP_OK;
	n = *cap ? *cap * 2 : 4;
	while (n < need)
		n *= 2;
	p = ap_realloc(*arr, n * size);
	if (p == NULL)
		return AP_ENOMEM;
	*arr = p;
	*cap = n;
	return AP_OK;
}

struct ap_obligation *ap_result__add_obligation(struct ap_result *r,
						int is_advice, const char *id,
						size_t n)
{
	struct ap_result_store *s = ap_result__store(r);
	struct ap_obligation *o;
	size_t *count = is_advice ? &r->nadvice : &r->nobligations;
	void **arr = is_advice ? (void **)&s->adv : (void **)&s->obl;
	size_t *cap = is_advice ? &s->adv_cap : &s->obl_cap;

	if (grow(arr, cap, *count + 1, sizeof(*o)) != AP_OK)
		return NULL;
	o = &((struct ap_obligation *)*arr)[*count];
	o->id = ap_result__str(r, id ? id : "");
	o->count = 0;
	o->assignments = n ? ap_arena_calloc(&s->arena, n * sizeof(struct ap_assignment)) : NULL;
	if (o->id == NULL || (n && o->assignments == NULL))
		return NULL;
	(*count)++;
	if (is_advice)
		r->advice = s->adv;
	else
		r->obligations = s->obl;
	return o;
}

void ap_result__add_assignment(struct ap_obligation *o,
			       const struct ap_assignment *a)
{
	((struct ap_assignment *)o->assignments)[o->count++] = *a;
}

int ap_result__miss(struct ap_result *r, const ap_node *node, const char *why)
{
	struct ap_result_store *s = ap_result__store(r);

	if (why == NULL ||
	    grow((void **)&s->misses, &s->misses_cap, s->nmisses + 1, sizeof(*s->misses)) != AP_OK)
		return AP_ENOMEM;
	s->misses[s->nmisses].node = node;
	s->misses[s->nmisses].why = why;
	s->nmisses++;
	return AP_OK;
}

const char *ap_result__rule_id(const ap_node *rule)
{
	const char *id = rule->kind == AP_NODE_RULE ? rule->u.rule.rule_id
			 : rule->kind == AP_NODE_POLICY || rule->kind == AP_NODE_POLICY_SET
			 ? rule->u.policy.policy_id : NULL;

	return id ? id : "";
}

int ap_result__step(struct ap_result *r, const ap_node *rule, int applicable,
		    int matched, enum ap_decision d)
{
	struct ap_result_store *s = ap_result__store(r);
	struct ap_trace_step *t;
	struct ap_trace_miss *m = NULL;

	if (grow((void **)&s->trace, &s->trace_cap, r->ntrace + 1, sizeof(*t)) != AP_OK)
		return AP_ENOMEM;
	if (s->nmisses) {
		m = ap_arena_alloc(&s->arena, s->nmisses * sizeof(*m));
		if (m == NULL)
			return AP_ENOMEM;
		memcpy(m, s->misses, s->nmisses * sizeof(*m));
	}
	t = &s->trace[r->ntrace++];
	t->rule = rule;
	t->rule_id = ap_result__rule_id(rule);
	t->applicable = applicable;
	t->matched = matched;
	t->decision = d;
	t->misses = m;
	t->nmisses = s->nmisses;
	s->nmisses = 0;
	r->trace = s->trace;
	return AP_OK;
}
