/*
 * XACML 3.0 XML requests: <Request> holding <Attributes Category=...> with
 * <Attribute AttributeId=... [Issuer] [IncludeInResult]> and their
 * <AttributeValue DataType=...>.  Read with the safe loader (src/xml).
 */
#include "internal.h"
#include "policy/model.h"
#include "request/request.h"

static int at(struct ap_error *err, const struct ap_doc *doc, const struct ap_node *n,
	      int code, const char *what)
{
	return ap_error_set_at(err, code, doc->name, n ? n->line : 0, n ? n->col : 0, "%s", what);
}

static int add_attributes(ap_req *r, const struct ap_doc *doc, const struct ap_node *as,
			  struct ap_error *err)
{
	const char *cat = ap_node_attr(as, "Category");
	const struct ap_node *a, *v;
	int ret;

	if (cat == NULL)
		return at(err, doc, as, AP_EINVALID, "<Attributes> without Category");
	for (a = as->first_child; a; a = a->next) {
		const char *id, *inc;

		if (a->kind != AP_NODE_ATTRIBUTE)
			continue;
		id = ap_node_attr(a, "AttributeId");
		inc = ap_node_attr(a, "IncludeInResult");
		if (id == NULL)
			return at(err, doc, a, AP_EINVALID, "<Attribute> without AttributeId");
		for (v = a->first_child; v; v = v->next) {
			if (v->kind != AP_NODE_ATTRIBUTE_VALUE)
				continue;
			if (v->u.value.data_type == NULL)
				return at(err, doc, v, AP_EINVALID, "<AttributeValue> without DataType");
			ret = ap_req__add(r, cat, id, v->u.value.data_type, v->text ? v->text : "",
					  ap_node_attr(a, "Issuer"),
					  inc && (strcmp(inc, "true") == 0 || strcmp(inc, "1") == 0), err);
			if (ret != AP_OK)
				return ret;
		}
	}
	return AP_OK;
}

int ap_req__parse_xml(ap_req **out, const char *name, const char *buf,
		      size_t len, struct ap_error *err)
{
	struct ap_load_options opts = AP_LOAD_OPTIONS_INIT;
	struct ap_doc *doc = NULL;
	const struct ap_node *c;
	ap_req *r = NULL;
	size_t i;
	int ret;

	*out = NULL;
	opts.max_bytes = (size_t)16 * 1024 * 1024;
	ret = ap_doc_parse(&doc, name, buf, len, &opts, err);
	if (ret != AP_OK)
		return ret;
	for (i = 0; i < doc->nproblems; i++)
		if (doc->problems[i].kind != AP_PROBLEM_ENCODING) {
			ret = ap_error_set_at(err, AP_EPARSE, name, doc->problems[i].line,
					      doc->problems[i].col, "%s", doc->problems[i].message);
			goto done;
		}
	if (doc->root == NULL || doc->root->name == NULL || strcmp(doc->root->name, "Request") != 0) {
		ret = at(err, doc, doc->root, AP_EINVALID, "not a request: the root is not <Request>");
		goto done;
	}
	ret = ap_req_new(&r, err);
	for (c = doc->root->first_child; c && ret == AP_OK; c = c->next)
		if (c->name && strcmp(c->name, "Attributes") == 0)
			ret = add_attributes(r, doc, c, err);
done:
	ap_doc_free(doc);
	if (ret != AP_OK) {
		ap_req_free(r);
		return ret;
	}
	*out = r;
	return AP_OK;
}
