/*
 * Requests in the XACML 3.0 JSON profile, the shape Altinn's PEPs send
 * (Altinn.Authorization.ABAC XacmlJsonRequest): {"Request": {"AccessSubject":
 * [{"Attribute": [{"AttributeId": ..., "Value": ..., "DataType": ...}]}],
 * "Action": [...], "Resource": [...], "Category": [{"CategoryId": ...}]}}.
 * A category may be one object or a list; every entry is merged into the
 * one request.  A MultiRequests object ({"RequestReference": [{"ReferenceId":
 * ["s1", "a1", "r1"]}]}) adds one request per reference, made of the
 * entries with those "Id"s.  DataType may be a short name ("string", "integer") or a
 * URI; without one it follows the JSON type of the value.
 */
#include "internal.h"
#include "policy/ids.h"
#include "request/request.h"

#include <stdio.h>
#include <strings.h>

#define XS "http://www.w3.org/2001/XMLSchema#"

static const struct {
	const char *key, *id;
} shorthand[] = {
	{"AccessSubject", AP_ID_CAT_SUBJECT},
	{"Action", AP_ID_CAT_ACTION},
	{"Resource", AP_ID_CAT_RESOURCE},
	{"Environment", AP_ID_CAT_ENVIRONMENT},
	{"RecipientSubject", "urn:oasis:names:tc:xacml:1.0:subject-category:recipient-subject"},
	{"IntermediarySubject", "urn:oasis:names:tc:xacml:1.0:subject-category:intermediary-subject"},
	{"Codebase", "urn:oasis:names:tc:xacml:1.0:subject-category:codebase"},
	{"RequestingMachine", "urn:oasis:names:tc:xacml:1.0:subject-category:requesting-machine"},
};

static const struct {
	const char *name, *uri;
} types[] = {
	{"string", XS "string"}, {"boolean", XS "boolean"}, {"integer", XS "integer"},
	{"double", XS "double"}, {"time", XS "time"}, {"date", XS "date"},
	{"dateTime", XS "dateTime"}, {"dayTimeDuration", XS "dayTimeDuration"},
	{"yearMonthDuration", XS "yearMonthDuration"}, {"anyURI", XS "anyURI"},
	{"hexBinary", XS "hexBinary"}, {"base64Binary", XS "base64Binary"},
	{"rfc822Name", "urn:oasis:names:tc:xacml:1.0:data-type:rfc822Name"},
	{"x500Name", "urn:oasis:names:tc:xacml:1.0:data-type:x500Name"},
	{"ipAddress", "urn:oasis:names:tc:xacml:2.0:data-type:ipAddress"},
	{"dnsName", "urn:oasis:names:tc:xacml:2.0:data-type:dnsName"},
	{"xpathExpression", "urn:oasis:names:tc:xacml:3.0:data-type:xpathExpression"},
};

static const char *type_uri(const char *dt, const json_t *v)
{
	size_t i;

	if (dt == NULL) {
		if (json_is_boolean(v))
			return XS "boolean";
		if (json_is_integer(v))
			return XS "integer";
		if (json_is_real(v))
			return XS "double";
		return XS "string";
	}
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strcmp(dt, types[i].name) == 0)
			return types[i].uri;
	return dt;
}

/* The text of a scalar JSON value. */
static int scalar_text(const json_t *v, char *buf, size_t size, const char **out)
{
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return 1;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v) ? "true" : "false";
		return 1;
	}
	if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = buf;
		return 1;
	}
	if (json_is_real(v)) {
		snprintf(buf, size, "%.17g", json_real_value(v));
		*out = buf;
		return 1;
	}
	return 0;
}

static int bad(struct ap_error *err, const char *where, const char *what)
{
	return ap_error_set_at(err, AP_EINVALID, where, 0, 0, "not a request: %s", what);
}

static int add_attribute(ap_req *r, const char *cat, const json_t *a,
			 const char *where, struct ap_error *err)
{
	const json_t *id = json_object_get(a, "AttributeId"), *v = json_object_get(a, "Value");
	const json_t *dt = json_object_get(a, "DataType"), *iss = json_object_get(a, "Issuer");
	const json_t *inc = json_object_get(a, "IncludeInResult");
	const char *text;
	char num[64];
	size_t i, n;
	int ret;

	if (!json_is_object(a) || !json_is_string(id) || v == NULL)
		return bad(err, where, "each Attribute needs a string AttributeId and a Value");
	if (dt && !json_is_string(dt))
		return bad(err, where, "DataType must be a string");
	n = json_is_array(v) ? json_array_size(v) : 1;
	for (i = 0; i < n; i++) {
		const json_t *one = json_is_array(v) ? json_array_get(v, i) : v;

		if (!scalar_text(one, num, sizeof(num), &text))
			return bad(err, where, "a Value must be a string, number, boolean or a list of them");
		ret = ap_req__add(r, cat, json_string_value(id),
				  type_uri(dt ? json_string_value(dt) : NULL, one), text,
				  json_is_string(iss) ? json_string_value(iss) : NULL,
				  json_is_true(inc), err);
		if (ret != AP_OK)
			return ret;
	}
	return AP_OK;
}

static int add_category(ap_req *r, const char *cat, const json_t *c,
			const char *where, struct ap_error *err)
{
	const json_t *attrs, *cid;
	size_t i;
	int ret;

	if (json_is_array(c)) {
		for (i = 0; i < json_array_size(c); i++) {
			if (json_is_array(json_array_get(c, i)))
				return bad(err, where, "a category is an object or a list of objects");
			if ((ret = add_category(r, cat, json_array_get(c, i), where, err)) != AP_OK)
				return ret;
		}
		return AP_OK;
	}
	if (!json_is_object(c))
		return bad(err, where, "a category must be an object or a list of objects");
	cid = json_object_get(c, "CategoryId");
	if (cat == NULL) {
		if (!json_is_string(cid))
			return bad(err, where, "an entry of \"Category\" needs a CategoryId");
		cat = json_string_value(cid);
	}
	attrs = json_object_get(c, "Attribute");
	if (attrs == NULL)
		return AP_OK;
	if (!json_is_array(attrs))
		return add_attribute(r, cat, attrs, where, err);
	for (i = 0; i < json_array_size(attrs); i++)
		if ((ret = add_attribute(r, cat, json_array_get(attrs, i), where, err)) != AP_OK)
			return ret;
	return AP_OK;
}

/* The category id and entry object with "Id" == id, or NULL. */
static const json_t *entry_by_id(const json_t *req, const char *id, const char **cat)
{
	const json_t *c, *e;
	size_t i, k, n;

	for (k = 0; k <= ARRAY_SIZE(shorthand); k++) {
		c = json_object_get(req, k < ARRAY_SIZE(shorthand) ? shorthand[k].key : "Category");
		n = json_is_array(c) ? json_array_size(c) : 1;
		for (i = 0; c && i < n; i++) {
			const json_t *idv;

			e = json_is_array(c) ? json_array_get(c, i) : c;
			idv = json_object_get(e, "Id");
			if (!json_is_string(idv) || strcmp(json_string_value(idv), id) != 0)
				continue;
			*cat = k < ARRAY_SIZE(shorthand) ? shorthand[k].id
			       : json_string_value(json_object_get(e, "CategoryId"));
			return *cat ? e : NULL;
		}
	}
	return NULL;
}

#define MAX_MULTI 1000

/* One request per RequestReference of MultiRequests. */
static int multi_requests(ap_req *r, const json_t *req, const char *where,
			  struct ap_error *err)
{
	const json_t *refs = json_object_get(json_object_get(req, "MultiRequests"), "RequestReference");
	size_t i, j, n;
	int ret;

	if (refs == NULL)
		return AP_OK;
	n = json_array_size(refs);
	if (!json_is_array(refs) || n > MAX_MULTI)
		return bad(err, where, "MultiRequests needs a RequestReference list (at most 1000)");
	r->multi = ap_calloc(n ? n : 1, sizeof(*r->multi));
	r->labels = ap_arena_calloc(&r->arena, (n ? n : 1) * sizeof(*r->labels));
	if (r->multi == NULL || r->labels == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *ids = json_object_get(json_array_get(refs, i), "ReferenceId");
		struct ap_buf label = AP_BUF_INIT;
		ap_req *one = NULL;

		if (!json_is_array(ids))
			return bad(err, where, "each RequestReference needs a ReferenceId list");
		if ((ret = ap_req_new(&one, err)) != AP_OK)
			return ret;
		r->multi[r->nmulti++] = one;
		for (j = 0; j < json_array_size(ids); j++) {
			const json_t *id = json_array_get(ids, j);
			const char *cat = NULL;
			const json_t *entry = json_is_string(id) ? entry_by_id(req, json_string_value(id), &cat) : NULL;

			if (entry == NULL) {
				ap_buf_release(&label);
				return ap_error_set_at(err, AP_EINVALID, where, 0, 0,
						       "not a request: MultiRequests names '%s', which no category entry has as its Id",
						       json_is_string(id) ? json_string_value(id) : "?");
			}
			if ((ret = add_category(one, cat, entry, where, err)) != AP_OK ||
			    ap_buf_addf(&label, "%s%s", j ? ", " : "", json_string_value(id)) != AP_OK) {
				ap_buf_release(&label);
				return ret != AP_OK ? ret : ap_error_set(err, AP_ENOMEM, "out of memory");
			}
		}
		r->labels[i] = ap_arena_strndup(&r->arena, label.ptr ? label.ptr : "", label.len);
		ap_buf_release(&label);
		if (r->labels[i] == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	return AP_OK;
}

int ap_req__from_json(ap_req *r, const json_t *root, const char *where,
		      struct ap_error *err)
{
	const json_t *req = json_object_get(root, "Request");
	const json_t *c;
	size_t i;
	int ret, any = 0;

	if (req == NULL)
		req = root;
	if (!json_is_object(req))
		return bad(err, where, "expected an object {\"Request\": {...}}");
	for (i = 0; i < ARRAY_SIZE(shorthand); i++) {
		c = json_object_get(req, shorthand[i].key);
		if (c == NULL)
			continue;
		any = 1;
		if ((ret = add_category(r, shorthand[i].id, c, where, err)) != AP_OK)
			return ret;
	}
	c = json_object_get(req, "Category");
	if (c) {
		any = 1;
		if ((ret = add_category(r, NULL, c, where, err)) != AP_OK)
			return ret;
	}
	if (!any)
		return bad(err, where, "no AccessSubject, Action, Resource or Category");
	return multi_requests(r, req, where, err);
}

int ap_req__parse_json(ap_req **out, const char *name, const char *buf,
		       size_t len, struct ap_error *err)
{
	json_error_t je;
	json_t *root;
	ap_req *r = NULL;
	int ret;

	*out = NULL;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return ap_error_set_at(err, AP_EPARSE, name, (uint32_t)(je.line > 0 ? je.line : 0),
				       (uint32_t)(je.column > 0 ? je.column : 0),
				       "not a JSON or XML request: %s", je.text);
	ret = ap_req_new(&r, err);
	if (ret == AP_OK)
		ret = ap_req__from_json(r, root, name, err);
	json_decref(root);
	if (ret != AP_OK) {
		ap_req_free(r);
		return ret;
	}
	*out = r;
	return AP_OK;
}
