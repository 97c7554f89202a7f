/*
 * The XML parameter document: the reversible mapping from a JSON value to
 * the tree a stylesheet reads (docs/templates.md, "The parameter
 * document").
 *
 *   root value     <params>                        (the top-level object)
 *   object member  <KEY>  when KEY is an XML NCName, else <_ key="KEY">
 *   array item     <item>
 *   string         text content, no type attribute
 *   other types    type="object|array|number|boolean|null"; numbers and
 *                  booleans as their JSON text, null empty
 *
 * Every element but a string carries its type, so the JSON comes back
 * exactly (ap_gen_params_from_xml).  Strings are text nodes, never markup:
 * the serialiser escapes them.
 */
#include "internal.h"
#include "gen/gen.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <stdio.h>
#include <stdlib.h>

static const char *type_attr(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_INTEGER:
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "boolean";
	case JSON_NULL: return "null";
	default: return NULL;
	}
}

static int add_value(xmlNodePtr el, const json_t *v, int depth,
		     struct ap_error *err);

static xmlNodePtr new_child(xmlNodePtr parent, const char *key)
{
	int plain = key && xmlValidateNCName((const xmlChar *)key, 0) == 0 &&
		    strncmp(key, "xml", 3) != 0 && strcmp(key, "_") != 0;
	xmlNodePtr el = xmlNewDocNode(parent->doc, NULL,
				      (const xmlChar *)(key == NULL ? "item" : plain ? key : "_"),
				      NULL);

	if (el == NULL)
		return NULL;
	xmlAddChild(parent, el);
	if (key && !plain && xmlNewProp(el, (const xmlChar *)"key", (const xmlChar *)key) == NULL)
		return NULL;
	return el;
}

static int add_scalar_text(xmlNodePtr el, const json_t *v, struct ap_error *err)
{
	char num[64];
	const char *text = NULL;
	size_t len = 0;

	switch (json_typeof(v)) {
	case JSON_STRING:
		text = json_string_value(v);
		len = json_string_length(v);
		if (memchr(text, '\0', len) != NULL)
			return ap_error_set(err, AP_EINVALID, "a string holds a NUL character");
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		text = num;
		break;
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		text = num;
		break;
	case JSON_TRUE: text = "true"; break;
	case JSON_FALSE: text = "false"; break;
	default: return AP_OK;
	}
	len = len ? len : strlen(text);
	if (len)
		xmlNodeAddContentLen(el, (const xmlChar *)text, (int)len);
	return AP_OK;
}

static int add_value(xmlNodePtr el, const json_t *v, int depth,
		     struct ap_error *err)
{
	const char *t = type_attr(v), *k;
	json_t *x;
	size_t i;
	int ret;

	if (depth > AP_GEN_MAX_DEPTH)
		return ap_error_set(err, AP_EINVALID, "parameters nested more than %d deep",
				    AP_GEN_MAX_DEPTH);
	if (t && xmlNewProp(el, (const xmlChar *)"type", (const xmlChar *)t) == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, x) {
			xmlNodePtr c = new_child(el, k);

			if (c == NULL)
				return ap_error_set(err, AP_ENOMEM, "out of memory");
			if ((ret = add_value(c, x, depth + 1, err)) != AP_OK)
				return ret;
		}
		return AP_OK;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			xmlNodePtr c = new_child(el, NULL);

			if (c == NULL)
				return ap_error_set(err, AP_ENOMEM, "out of memory");
			if ((ret = add_value(c, x, depth + 1, err)) != AP_OK)
				return ret;
		}
		return AP_OK;
	}
	return add_scalar_text(el, v, err);
}

int ap_gen__params_doc(void **out, const json_t *params, struct ap_error *err)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root;
	int ret;

	*out = NULL;
	if (doc == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"params", NULL);
	if (root == NULL) {
		xmlFreeDoc(doc);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	xmlDocSetRootElement(doc, root);
	ret = add_value(root, params, 0, err);
	if (ret != AP_OK) {
		xmlFreeDoc(doc);
		return ret;
	}
	*out = doc;
	return AP_OK;
}

int ap_gen_params_xml(const json_t *params, struct ap_buf *out, struct ap_error *err)
{
	void *doc = NULL;
	xmlChar *text = NULL;
	int len = 0, ret;

	ret = ap_gen__params_doc(&doc, params, err);
	if (ret != AP_OK)
		return ret;
	xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
	if (text == NULL || ap_buf_add(out, text, (size_t)len) != AP_OK)
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
	xmlFree(text);
	xmlFreeDoc(doc);
	return ret;
}

/* ---- the reverse ------------------------------------------------------ */

static json_t *from_element(xmlNodePtr el, int depth, struct ap_error *err);

static int is_element(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE;
}

static json_t *from_children(xmlNodePtr el, int object, int depth,
			     struct ap_error *err)
{
	json_t *out = object ? json_object() : json_array();
	xmlNodePtr c;

	if (out == NULL)
		return NULL;
	for (c = el->children; c; c = c->next) {
		json_t *v;
		xmlChar *key = NULL;
		int bad;

		if (!is_element(c))
			continue;
		v = from_element(c, depth + 1, err);
		if (v == NULL)
			goto fail;
		if (!object) {
			bad = json_array_append_new(out, v);
		} else {
			key = xmlStrcmp(c->name, (const xmlChar *)"_") == 0
				      ? xmlGetProp(c, (const xmlChar *)"key") : NULL;
			bad = json_object_set_new(out, key ? (const char *)key : (const char *)c->name, v);
			xmlFree(key);
		}
		if (bad)
			goto fail;
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

static json_t *from_element(xmlNodePtr el, int depth, struct ap_error *err)
{
	xmlChar *type = xmlGetProp(el, (const xmlChar *)"type");
	xmlChar *text = NULL;
	json_t *v = NULL;

	if (depth > AP_GEN_MAX_DEPTH + 1) {
		ap_error_set(err, AP_EPARSE, "parameter document nested too deeply");
		goto done;
	}
	if (type && xmlStrcmp(type, (const xmlChar *)"object") == 0) {
		v = from_children(el, 1, depth, err);
		goto done;
	}
	if (type && xmlStrcmp(type, (const xmlChar *)"array") == 0) {
		v = from_children(el, 0, depth, err);
		goto done;
	}
	text = xmlNodeGetContent(el);
	if (type == NULL)
		v = json_string(text ? (const char *)text : "");
	else if (xmlStrcmp(type, (const xmlChar *)"null") == 0)
		v = json_null();
	else if (xmlStrcmp(type, (const xmlChar *)"boolean") == 0)
		v = json_boolean(text && xmlStrcmp(text, (const xmlChar *)"true") == 0);
	else if (xmlStrcmp(type, (const xmlChar *)"number") == 0 && text)
		v = json_loads((const char *)text, JSON_DECODE_ANY, NULL);
	if (v == NULL && err->code == AP_OK)
		ap_error_set(err, AP_EPARSE, "element '%s' is not a parameter value", (const char *)el->name);
done:
	xmlFree(type);
	xmlFree(text);
	return v;
}

int ap_gen_params_from_xml(json_t **out, const char *xml, size_t len,
			   struct ap_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;

	*out = NULL;
	if (len > INT32_MAX)
		return ap_error_set(err, AP_ETOOBIG, "parameter document too big");
	doc = xmlReadMemory(xml, (int)len, "params.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
			    XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"params") != 0) {
		xmlFreeDoc(doc);
		return ap_error_set(err, AP_EPARSE, "not a parameter document (<params>)");
	}
	*out = from_element(root, 0, err);
	xmlFreeDoc(doc);
	if (*out == NULL)
		return err->code ? err->code : ap_error_set(err, AP_ENOMEM, "out of memory");
	return AP_OK;
}
