/* A decision result as text or JSON (docs/altinn-policy-eval.md). */
#include "internal.h"
#include "eval/engine.h"
#include "eval/format.h"
#include "eval/result.h"
#include "policy/model.h"
#include "report/escape.h"

#include <jansson.h>

int ap_eval__add_json(struct ap_buf *out, json_t *v, int ok)
{
	int ret;

	if (v == NULL || !ok) {
		json_decref(v);
		return AP_ENOMEM;
	}
	ret = ap_report__json_dump(out, v);
	json_decref(v);
	if (ret == AP_OK)
		ret = ap_buf_addch(out, '\n');
	return ret;
}

json_t *ap_eval__jstr(const char *s)
{
	return s ? ap_report__json_str(s) : json_null();
}

/* json_object_set_new that remembers a failure in *ok. */
void ap_eval__jset(json_t *o, const char *key, json_t *v, int *ok)
{
	if (o == NULL || v == NULL || json_object_set_new(o, key, v) != 0)
		*ok = 0;
}

void ap_eval__jpush(json_t *a, json_t *v, int *ok)
{
	if (a == NULL || v == NULL || json_array_append_new(a, v) != 0)
		*ok = 0;
}

static json_t *obligations_json(const struct ap_obligation *o, size_t n, int *ok)
{
	json_t *arr = json_array();
	size_t i, j;

	for (i = 0; i < n; i++) {
		json_t *jo = json_object(), *as = json_array();

		ap_eval__jset(jo, "id", ap_eval__jstr(o[i].id), ok);
		for (j = 0; j < o[i].count; j++) {
			const struct ap_assignment *a = &o[i].assignments[j];
			json_t *ja = json_object();

			ap_eval__jset(ja, "attribute_id", ap_eval__jstr(a->attribute_id), ok);
			ap_eval__jset(ja, "category", ap_eval__jstr(a->category), ok);
			ap_eval__jset(ja, "data_type", ap_eval__jstr(a->data_type), ok);
			ap_eval__jset(ja, "value", ap_eval__jstr(a->value), ok);
			ap_eval__jpush(as, ja, ok);
		}
		ap_eval__jset(jo, "assignments", as, ok);
		ap_eval__jpush(arr, jo, ok);
	}
	return arr;
}

static json_t *where_json(const ap_node *n, int *ok)
{
	json_t *o = json_object();

	if (n == NULL) {
		json_decref(o);
		return json_null();
	}
	ap_eval__jset(o, "line", json_integer(ap_node_line(n)), ok);
	ap_eval__jset(o, "col", json_integer(ap_node_col(n)), ok);
	return o;
}

static int result_json(const struct ap_result *r, const char *label, struct ap_buf *out)
{
	json_t *root = json_object(), *trace = json_array(), *dec = json_null();
	int ok = 1;
	size_t i, j;

	ap_eval__jset(root, "decision", json_string(ap_decision_name(r->decision)), &ok);
	ap_eval__jset(root, "status", ap_eval__jstr(r->status), &ok);
	ap_eval__jset(root, "status_message", ap_eval__jstr(r->status_message), &ok);
	if (r->decider) {
		json_decref(dec);
		dec = where_json(r->decider, &ok);
		ap_eval__jset(dec, "rule_id", ap_eval__jstr(ap_result__rule_id(r->decider)), &ok);
	}
	ap_eval__jset(root, "decided_by", dec, &ok);
	ap_eval__jset(root, "obligations", obligations_json(r->obligations, r->nobligations, &ok), &ok);
	ap_eval__jset(root, "advice", obligations_json(r->advice, r->nadvice, &ok), &ok);
	for (i = 0; i < r->ntrace; i++) {
		const struct ap_trace_step *t = &r->trace[i];
		json_t *js = where_json(t->rule, &ok), *ms = json_array();

		ap_eval__jset(js, "rule_id", ap_eval__jstr(t->rule_id), &ok);
		ap_eval__jset(js, "applicable", json_boolean(t->applicable), &ok);
		ap_eval__jset(js, "matched", json_boolean(t->matched), &ok);
		ap_eval__jset(js, "decision", json_string(ap_decision_name(t->decision)), &ok);
		for (j = 0; j < t->nmisses; j++) {
			json_t *jm = where_json(t->misses[j].node, &ok);

			ap_eval__jset(jm, "why", ap_eval__jstr(t->misses[j].why), &ok);
			ap_eval__jpush(ms, jm, &ok);
		}
		ap_eval__jset(js, "failed", ms, &ok);
		ap_eval__jpush(trace, js, &ok);
	}
	if (r->ntrace)
		ap_eval__jset(root, "trace", trace, &ok);
	else
		json_decref(trace);
	if (label) {
		json_t *outer = json_object();

		ap_eval__jset(outer, "request", ap_eval__jstr(label), &ok);
		ap_eval__jset(outer, "result", root, &ok);
		root = outer;
	}
	return ap_eval__add_json(out, root, ok);
}

static int obligations_text(struct ap_buf *out, const char *what,
			    const struct ap_obligation *o, size_t n)
{
	size_t i, j;
	int ret = AP_OK;

	for (i = 0; i < n && ret == AP_OK; i++) {
		ret = ap_buf_addf(out, "%s: %s\n", what, o[i].id);
		for (j = 0; j < o[i].count && ret == AP_OK; j++) {
			const struct ap_assignment *a = &o[i].assignments[j];

			ret = ap_buf_addf(out, "  %s = %s%s%s%s\n", a->attribute_id, a->value,
					  a->category ? " (category " : "",
					  a->category ? a->category : "", a->category ? ")" : "");
		}
	}
	return ret;
}

/* The name of the document n belongs to (a referenced policy's own), else
 * fallback. */
static const char *file_of(const ap_node *n, const char *fallback)
{
	while (n && n->parent)
		n = n->parent;
	if (n && (n->kind == AP_NODE_POLICY || n->kind == AP_NODE_POLICY_SET) && n->u.policy.doc)
		return ap_doc_name(n->u.policy.doc);
	return fallback;
}

int ap_result_format(const struct ap_result *r, const ap_doc *doc, int json,
		     struct ap_buf *out)
{
	return ap_result_format_labelled(r, doc, NULL, json, out);
}

int ap_result_format_labelled(const struct ap_result *r, const ap_doc *doc,
			      const char *label, int json, struct ap_buf *out)
{
	const char *name = doc ? ap_doc_name(doc) : "";
	size_t i, j;
	int ret;

	if (json)
		return result_json(r, label, out);
	ret = label ? ap_buf_addf(out, "== request %s\n", label) : AP_OK;
	if (ret == AP_OK)
		ret = ap_buf_addf(out, "%s\n", ap_decision_name(r->decision));
	if (ret == AP_OK && r->status && strcmp(r->status, AP_STATUS_OK) != 0)
		ret = ap_buf_addf(out, "status: %s%s%s\n", r->status,
				  r->status_message && *r->status_message ? ": " : "",
				  r->status_message ? r->status_message : "");
	if (ret == AP_OK && r->decider)
		ret = ap_buf_addf(out, "decided by rule '%s' (%s:%u:%u)\n",
				  ap_result__rule_id(r->decider), file_of(r->decider, name),
				  ap_node_line(r->decider), ap_node_col(r->decider));
	if (ret == AP_OK)
		ret = obligations_text(out, "obligation", r->obligations, r->nobligations);
	if (ret == AP_OK)
		ret = obligations_text(out, "advice", r->advice, r->nadvice);
	for (i = 0; i < r->ntrace && ret == AP_OK; i++) {
		const struct ap_trace_step *t = &r->trace[i];

		ret = ap_buf_addf(out, "%s:%u:%u: %s '%s': %s\n", file_of(t->rule, name), ap_node_line(t->rule),
				  ap_node_col(t->rule),
				  ap_node_kind(t->rule) == AP_NODE_RULE ? "rule" : "policy", t->rule_id,
				  t->matched ? (t->decision == AP_DECISION_PERMIT ? "applicable, matched: Permit"
						: t->decision == AP_DECISION_DENY ? "applicable, matched: Deny"
						: "applicable, matched")
				  : t->applicable ? (t->decision == AP_DECISION_INDETERMINATE
						     ? "applicable, not matched: Indeterminate"
						     : "applicable, not matched")
				  : t->decision == AP_DECISION_INDETERMINATE ? "not applicable: Indeterminate"
				  : "not applicable");
		for (j = 0; j < t->nmisses && ret == AP_OK; j++) {
			const ap_node *n = t->misses[j].node;

			ret = ap_buf_addf(out, "  %s:%u:%u: %s\n", file_of(n, name), n ? ap_node_line(n) : 0,
					  n ? ap_node_col(n) : 0, t->misses[j].why);
		}
	}
	return ret;
}
