/*
 * The access matrix behind `diff`: every subject (the attribute set of a
 * subject AllOf), action and resource (attribute set of a resource AllOf)
 * the policies mention, each combination evaluated with both engines.
 * Axes are the union over both policies, so a subject only one of them
 * names is asked of the other too.
 */
#include "internal.h"
#include "eval/engine.h"
#include "eval/format.h"
#include "policy/ids.h"
#include "policy/vocab.h"

#include <stdio.h>

#define MAX_CELLS 1000000u
#define MAX_SET 16 /* attributes of one AllOf taken into an axis item */

enum { AX_SUBJECT, AX_ACTION, AX_RESOURCE, AX_COUNT };

struct item {
	struct ap_req_attr attrs[MAX_SET];
	size_t n;
	const char *label;
};

struct axis {
	struct item *items;
	size_t n, cap;
};

struct ap_matrix {
	struct ap_arena arena;
	struct axis ax[AX_COUNT];
	const ap_engine *eng[2];
	unsigned char *cells[2]; /* enum ap_decision per cell */
	size_t ncells, changes;
};

static int same_item(const struct item *a, const struct item *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->attrs[i].id, b->attrs[i].id) != 0 ||
		    strcmp(a->attrs[i].value, b->attrs[i].value) != 0 ||
		    !ap_streq(a->attrs[i].data_type ? a->attrs[i].data_type : "",
			      b->attrs[i].data_type ? b->attrs[i].data_type : ""))
			return 0;
	return 1;
}

/* "id=value & id=value"; actions by their value alone. */
static const char *label_of(struct ap_arena *arena, const struct item *it, int axis)
{
	struct ap_buf b = AP_BUF_INIT;
	const char *s;
	size_t i;
	int ret = AP_OK;

	if (it->n == 0)
		return axis == AX_SUBJECT ? "(anyone)" : axis == AX_ACTION ? "(any action)" : "(any resource)";
	for (i = 0; i < it->n && ret == AP_OK; i++) {
		if (i)
			ret = ap_buf_adds(&b, " & ");
		if (ret == AP_OK && !(axis == AX_ACTION && strcmp(it->attrs[i].id, AP_ID_ACTION_ID) == 0))
			ret = ap_buf_addf(&b, "%s=", it->attrs[i].id);
		if (ret == AP_OK)
			ret = ap_buf_adds(&b, it->attrs[i].value);
	}
	s = ret == AP_OK ? ap_arena_strndup(arena, b.ptr, b.len) : NULL;
	ap_buf_release(&b);
	return s;
}

static int add_item(struct ap_matrix *m, int axis, const struct item *it)
{
	struct axis *ax = &m->ax[axis];
	size_t i;

	for (i = 0; i < ax->n; i++)
		if (same_item(&ax->items[i], it))
			return AP_OK;
	if (ax->n == ax->cap) {
		size_t cap = ax->cap ? ax->cap * 2 : 16;
		struct item *p = ap_realloc(ax->items, cap * sizeof(*p));

		if (p == NULL)
			return AP_ENOMEM;
		ax->items = p;
		ax->cap = cap;
	}
	ax->items[ax->n] = *it;
	ax->items[ax->n].label = label_of(&m->arena, it, axis);
	if (ax->items[ax->n].label == NULL)
		return AP_ENOMEM;
	ax->n++;
	return AP_OK;
}

static int axis_of(enum ap_category c)
{
	switch (c) {
	case AP_CAT_SUBJECT: return AX_SUBJECT;
	case AP_CAT_ACTION: return AX_ACTION;
	case AP_CAT_RESOURCE: return AX_RESOURCE;
	default: return -1;
	}
}

/* The items one AllOf gives: its matches per axis. */
static int add_allof(struct ap_matrix *m, const struct ap_node *all, int typed)
{
	struct item it[AX_COUNT];
	const struct ap_node *mt;
	int k, ret;

	memset(it, 0, sizeof(it));
	for (mt = ap_node__child(all, AP_NODE_MATCH); mt; mt = ap_node__next_sibling(mt, AP_NODE_MATCH)) {
		const struct ap_node *d = mt->u.match.designator, *v = mt->u.match.value;
		struct ap_req_attr *a;

		if (!d || !v || d->kind != AP_NODE_ATTRIBUTE_DESIGNATOR ||
		    d->u.designator.attribute_id == NULL)
			continue;
		k = axis_of(d->u.designator.category);
		if (k < 0 || it[k].n == MAX_SET)
			continue;
		a = &it[k].attrs[it[k].n++];
		a->category = d->u.designator.category;
		a->category_id = d->u.designator.category_id;
		a->id = d->u.designator.attribute_id;
		a->value = v->text ? v->text : "";
		/* Altinn's PEPs send strings; the standard sends the type */
		a->data_type = typed ? v->u.value.data_type : NULL;
	}
	for (k = 0; k < AX_COUNT; k++)
		if (it[k].n && (ret = add_item(m, k, &it[k])) != AP_OK)
			return ret;
	return AP_OK;
}

static int collect(struct ap_matrix *m, const ap_engine *e)
{
	int typed = ap_engine_semantics(e) == AP_SEMANTICS_XACML;
	size_t i;
	int ret;

	for (i = 0; i < ap_engine_rule_count(e); i++) {
		const struct ap_node *t = ap_engine_rule(e, i)->u.rule.target, *any, *all;

		if (t == NULL)
			continue;
		for (any = ap_node__child(t, AP_NODE_ANY_OF); any; any = ap_node__next_sibling(any, AP_NODE_ANY_OF))
			for (all = ap_node__child(any, AP_NODE_ALL_OF); all;
			     all = ap_node__next_sibling(all, AP_NODE_ALL_OF))
				if ((ret = add_allof(m, all, typed)) != AP_OK)
					return ret;
	}
	return AP_OK;
}

static size_t cell(const struct ap_matrix *m, size_t s, size_t a, size_t r)
{
	return (s * m->ax[AX_ACTION].n + a) * m->ax[AX_RESOURCE].n + r;
}

static int evaluate(struct ap_matrix *m, int which, struct ap_error *err)
{
	struct ap_req_attr attrs[3 * MAX_SET];
	struct ap_request req;
	size_t s, a, r, n;

	m->cells[which] = ap_calloc(m->ncells ? m->ncells : 1, 1);
	if (m->cells[which] == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	req.attrs = attrs;
	for (s = 0; s < m->ax[AX_SUBJECT].n; s++)
		for (a = 0; a < m->ax[AX_ACTION].n; a++)
			for (r = 0; r < m->ax[AX_RESOURCE].n; r++) {
				const struct item *it[3];
				struct ap_result res;
				size_t k;
				int ret;

				it[0] = &m->ax[AX_SUBJECT].items[s];
				it[1] = &m->ax[AX_ACTION].items[a];
				it[2] = &m->ax[AX_RESOURCE].items[r];
				n = 0;
				for (k = 0; k < 3; k++) {
					memcpy(attrs + n, it[k]->attrs, it[k]->n * sizeof(*attrs));
					n += it[k]->n;
				}
				req.count = n;
				ret = ap_engine_decide(m->eng[which], &req, 0, &res, err);
				m->cells[which][cell(m, s, a, r)] = (unsigned char)res.decision;
				ap_result_release(&res);
				if (ret != AP_OK)
					return ret;
			}
	return AP_OK;
}

int ap_matrix_build(ap_matrix **out, const ap_engine *old, const ap_engine *now,
		    struct ap_error *err)
{
	struct ap_matrix *m = ap_calloc(1, sizeof(*m));
	struct item empty;
	size_t i, k;
	int ret;

	*out = NULL;
	if (m == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	m->eng[0] = old;
	m->eng[1] = now ? now : old;
	memset(&empty, 0, sizeof(empty));
	/* the subject no rule names (rules without subject Matches) */
	ret = add_item(m, AX_SUBJECT, &empty);
	for (i = 0; i < 2 && ret == AP_OK; i++)
		ret = collect(m, m->eng[i]);
	for (k = AX_ACTION; k < AX_COUNT && ret == AP_OK; k++)
		if (m->ax[k].n == 0)
			ret = add_item(m, (int)k, &empty);
	if (ret != AP_OK) {
		ap_matrix_free(m);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	m->ncells = m->ax[AX_SUBJECT].n * m->ax[AX_ACTION].n * m->ax[AX_RESOURCE].n;
	if (m->ncells > MAX_CELLS) {
		ap_error_set(err, AP_ETOOBIG, "the access matrix would have %zu cells (limit %u)",
			     m->ncells, MAX_CELLS);
		ap_matrix_free(m);
		return AP_ETOOBIG;
	}
	for (i = 0; i < 2; i++)
		if ((ret = evaluate(m, (int)i, err)) != AP_OK) {
			ap_matrix_free(m);
			return ret;
		}
	for (i = 0; i < m->ncells; i++)
		m->changes += m->cells[0][i] != m->cells[1][i];
	*out = m;
	return AP_OK;
}

void ap_matrix_free(ap_matrix *m)
{
	size_t k;

	if (m == NULL)
		return;
	for (k = 0; k < AX_COUNT; k++)
		ap_free(m->ax[k].items);
	ap_free(m->cells[0]);
	ap_free(m->cells[1]);
	ap_arena_release(&m->arena);
	ap_free(m);
}

size_t ap_matrix_changes(const ap_matrix *m)
{
	return m->changes;
}

/* An Altinn semantics note for subjects on attributes no PEP or PIP of
 * Altinn fills (spec 2.2, 2.7). */
static const char *subject_note(const struct ap_matrix *m, const struct item *s)
{
	size_t i;

	if (ap_engine_semantics(m->eng[0]) == AP_SEMANTICS_XACML)
		return "";
	for (i = 0; i < s->n; i++)
		if (!ap_vocab_known_str(AP_VOCAB_SUBJECT_IDS, s->attrs[i].id))
			return " (an attribute Altinn does not fill)";
	return "";
}

/* Actions of (s, r) whose cell is in state want for policy w (and, with
 * other >= 0, not in that state for the other policy), as a list. */
static int actions_where(const struct ap_matrix *m, size_t s, size_t r, int w,
			 int other, enum ap_decision want, struct ap_buf *list, size_t *n)
{
	size_t a;
	int ret = AP_OK;

	*n = 0;
	ap_buf_reset(list);
	for (a = 0; a < m->ax[AX_ACTION].n && ret == AP_OK; a++) {
		size_t c = cell(m, s, a, r);

		if (m->cells[w][c] != want)
			continue;
		if (other >= 0 && m->cells[other][c] == want)
			continue;
		ret = ap_buf_addf(list, "%s%s", *n ? ", " : "", m->ax[AX_ACTION].items[a].label);
		(*n)++;
	}
	return ret;
}

/* Decision changes that are not a gain or loss of Permit. */
static int other_changes_text(const struct ap_matrix *m, size_t s, size_t r, struct ap_buf *out)
{
	size_t a;
	int ret = AP_OK;

	for (a = 0; a < m->ax[AX_ACTION].n && ret == AP_OK; a++) {
		size_t c = cell(m, s, a, r);

		if (m->cells[0][c] == m->cells[1][c] || m->cells[0][c] == AP_DECISION_PERMIT ||
		    m->cells[1][c] == AP_DECISION_PERMIT)
			continue;
		ret = ap_buf_addf(out, "~ %s: %s on %s: %s -> %s\n", m->ax[AX_SUBJECT].items[s].label,
				  m->ax[AX_ACTION].items[a].label, m->ax[AX_RESOURCE].items[r].label,
				  ap_decision_name((enum ap_decision)m->cells[0][c]),
				  ap_decision_name((enum ap_decision)m->cells[1][c]));
	}
	return ret;
}

static int matrix_text(const ap_matrix *m, int full, struct ap_buf *out)
{
	struct ap_buf list = AP_BUF_INIT;
	size_t s, r, n, gained = 0, lost = 0;
	int ret = AP_OK, w;

	for (w = 0; full && w < (m->eng[0] == m->eng[1] ? 1 : 2) && ret == AP_OK; w++) {
		ret = ap_buf_addf(out, "%s:\n", ap_doc_name(ap_engine_doc(m->eng[w])));
		for (s = 0; s < m->ax[AX_SUBJECT].n && ret == AP_OK; s++)
			for (r = 0; r < m->ax[AX_RESOURCE].n && ret == AP_OK; r++) {
				ret = actions_where(m, s, r, w, -1, AP_DECISION_PERMIT, &list, &n);
				if (ret == AP_OK && n)
					ret = ap_buf_addf(out, "  %s: %s on %s\n", m->ax[AX_SUBJECT].items[s].label,
							  list.ptr, m->ax[AX_RESOURCE].items[r].label);
			}
	}
	for (s = 0; s < m->ax[AX_SUBJECT].n && ret == AP_OK; s++)
		for (r = 0; r < m->ax[AX_RESOURCE].n && ret == AP_OK; r++) {
			const struct item *subj = &m->ax[AX_SUBJECT].items[s];

			ret = actions_where(m, s, r, 1, 0, AP_DECISION_PERMIT, &list, &n);
			if (ret == AP_OK && n) {
				gained++;
				ret = ap_buf_addf(out, "+ %s%s gains %s on %s\n", subj->label,
						  subject_note(m, subj), list.ptr,
						  m->ax[AX_RESOURCE].items[r].label);
			}
			if (ret == AP_OK)
				ret = actions_where(m, s, r, 0, 1, AP_DECISION_PERMIT, &list, &n);
			if (ret == AP_OK && n) {
				lost++;
				ret = ap_buf_addf(out, "- %s%s loses %s on %s\n", subj->label,
						  subject_note(m, subj), list.ptr,
						  m->ax[AX_RESOURCE].items[r].label);
			}
			if (ret == AP_OK)
				ret = other_changes_text(m, s, r, out);
		}
	if (ret == AP_OK && m->eng[0] != m->eng[1])
		ret = ap_buf_addf(out, "%zu subjects x %zu actions x %zu resources: %zu decisions changed; %zu gained access, %zu lost access\n",
				  m->ax[AX_SUBJECT].n, m->ax[AX_ACTION].n, m->ax[AX_RESOURCE].n,
				  m->changes, gained, lost);
	ap_buf_release(&list);
	return ret;
}

static json_t *attrs_json(const struct item *it, int *ok)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < it->n; i++)
		ap_eval__jset(o, it->attrs[i].id, ap_eval__jstr(it->attrs[i].value), ok);
	return o;
}

static int matrix_json(const ap_matrix *m, int full, struct ap_buf *out)
{
	json_t *root = json_object(), *changes = json_array(), *cells = json_array();
	size_t s, a, r;
	int ok = 1;

	for (s = 0; s < m->ax[AX_SUBJECT].n; s++)
		for (a = 0; a < m->ax[AX_ACTION].n; a++)
			for (r = 0; r < m->ax[AX_RESOURCE].n; r++) {
				size_t c = cell(m, s, a, r);
				json_t *o;

				if (m->cells[0][c] == m->cells[1][c] && !full)
					continue;
				o = json_object();
				ap_eval__jset(o, "subject", attrs_json(&m->ax[AX_SUBJECT].items[s], &ok), &ok);
				ap_eval__jset(o, "action", attrs_json(&m->ax[AX_ACTION].items[a], &ok), &ok);
				ap_eval__jset(o, "resource", attrs_json(&m->ax[AX_RESOURCE].items[r], &ok), &ok);
				ap_eval__jset(o, "old", json_string(ap_decision_name((enum ap_decision)m->cells[0][c])), &ok);
				ap_eval__jset(o, "new", json_string(ap_decision_name((enum ap_decision)m->cells[1][c])), &ok);
				ap_eval__jpush(m->cells[0][c] != m->cells[1][c] ? changes : cells, o, &ok);
			}
	ap_eval__jset(root, "old", ap_eval__jstr(ap_doc_name(ap_engine_doc(m->eng[0]))), &ok);
	ap_eval__jset(root, "new", ap_eval__jstr(ap_doc_name(ap_engine_doc(m->eng[1]))), &ok);
	ap_eval__jset(root, "semantics", json_string(ap_semantics_name(ap_engine_semantics(m->eng[0]))), &ok);
	ap_eval__jset(root, "changes", changes, &ok);
	if (full)
		ap_eval__jset(root, "unchanged", cells, &ok);
	else
		json_decref(cells);
	return ap_eval__add_json(out, root, ok);
}

int ap_matrix_format(const ap_matrix *m, int json, int full, struct ap_buf *out)
{
	return json ? matrix_json(m, full, out) : matrix_text(m, full, out);
}
