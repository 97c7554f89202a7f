/* Owned requests: values added one by one or from a shortcut. */
#include "internal.h"
#include "policy/ids.h"
#include "policy/ids_engine.h"
#include "request/request.h"

#define MAX_VALUES 10000

int ap_req_new(ap_req **out, struct ap_error *err)
{
	*out = ap_calloc(1, sizeof(**out));
	if (*out == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}

void ap_req_free(ap_req *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nmulti; i++)
		ap_req_free(r->multi[i]);
	ap_free(r->multi);
	ap_arena_release(&r->arena);
	ap_free(r->attrs);
	ap_free(r);
}

const struct ap_request *ap_req_view(const ap_req *r)
{
	return &r->view;
}

size_t ap_req_multi_count(const ap_req *r)
{
	return r->nmulti;
}

const struct ap_request *ap_req_multi(const ap_req *r, size_t i, const char **label)
{
	if (i >= r->nmulti)
		return NULL;
	if (label)
		*label = r->labels[i];
	return &r->multi[i]->view;
}

static const char *copy(ap_req *r, const char *s)
{
	return s ? ap_arena_strndup(&r->arena, s, strlen(s)) : NULL;
}

int ap_req__add(ap_req *r, const char *category_id, const char *id,
		const char *data_type, const char *value, const char *issuer,
		int include_in_result, struct ap_error *err)
{
	struct ap_req_attr *a;

	if (r->count == MAX_VALUES)
		return ap_error_set(err, AP_ETOOBIG, "request has more than %d attribute values",
				    MAX_VALUES);
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;

		a = ap_realloc(r->attrs, cap * sizeof(*a));
		if (a == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		r->attrs = a;
		r->cap = cap;
	}
	a = &r->attrs[r->count];
	memset(a, 0, sizeof(*a));
	a->category_id = copy(r, category_id);
	a->category = ap_category_from_id(category_id);
	a->id = copy(r, id);
	a->value = copy(r, value ? value : "");
	a->data_type = data_type && strcmp(data_type, AP_ID_XS_STRING) != 0 ? copy(r, data_type) : NULL;
	a->issuer = copy(r, issuer);
	a->include_in_result = include_in_result;
	if (a->category_id == NULL || a->id == NULL || a->value == NULL ||
	    (data_type && strcmp(data_type, AP_ID_XS_STRING) != 0 && a->data_type == NULL) ||
	    (issuer && a->issuer == NULL))
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	r->count++;
	r->view.attrs = r->attrs;
	r->view.count = r->count;
	return AP_OK;
}

int ap_req_add(ap_req *r, const char *category_id, const char *id,
	       const char *data_type, const char *value, const char *issuer,
	       struct ap_error *err)
{
	return ap_req__add(r, category_id, id, data_type, value, issuer, 0, err);
}

int ap_req_add_shortcut(ap_req *r, enum ap_category cat, const char *arg,
			struct ap_error *err)
{
	const char *eq = strrchr(arg, '='), *cat_id = ap_ids_category_id(cat);
	const char *def_id = cat == AP_CAT_SUBJECT ? AP_ID_ROLECODE
			     : cat == AP_CAT_ACTION ? AP_ID_ACTION_ID
			     : AP_ID_RESOURCE;
	char id[1024];
	size_t n;

	if (cat_id == NULL)
		return ap_error_set(err, AP_EINVALID, "no such category for a shortcut");
	if (eq == NULL)
		return *arg ? ap_req__add(r, cat_id, def_id, NULL, arg, NULL, 0, err)
			    : ap_error_set(err, AP_EINVALID, "empty %s value",
					   ap_ids_category_noun(cat));
	n = (size_t)(eq - arg);
	if (n == 0 || eq[1] == '\0' || n >= sizeof(id))
		return ap_error_set(err, AP_EINVALID,
				    "'%s': a %s shortcut is id=value (e.g. %s=%s) or a bare value",
				    arg, ap_ids_category_noun(cat), def_id,
				    cat == AP_CAT_SUBJECT ? "DAGL" : cat == AP_CAT_ACTION ? "read" : "my-resource");
	memcpy(id, arg, n);
	id[n] = '\0';
	return ap_req__add(r, cat_id, id, NULL, eq + 1, NULL, 0, err);
}

int ap_req_parse(ap_req **out, const char *name, const char *buf, size_t len,
		 struct ap_error *err)
{
	size_t i = 0;

	*out = NULL;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	/* a UTF-8 byte order mark */
	if (len - i >= 3 && (unsigned char)buf[i] == 0xEF && (unsigned char)buf[i + 1] == 0xBB)
		i += 3;
	if (i < len && buf[i] == '<')
		return ap_req__parse_xml(out, name, buf, len, err);
	return ap_req__parse_json(out, name, buf, len, err);
}

int ap_req_load_file(ap_req **out, const char *path, struct ap_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	ret = ap_file_read(&buf, &len, path, (size_t)16 * 1024 * 1024, err);
	if (ret != AP_OK)
		return ret;
	ret = ap_req_parse(out, path, buf, len, err);
	ap_free(buf);
	return ret;
}
