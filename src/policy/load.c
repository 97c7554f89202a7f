/* Loading documents: from memory or from a file, with the size cap. */
#include "internal.h"
#include "altinn-policy/fsutil.h"
#include "policy/model.h"
#include "xml/parse.h"

#include <stdio.h>
#include <stdlib.h>

static int new_doc(struct ap_doc **out, const char *name, struct ap_error *err)
{
	struct ap_doc *doc = ap_calloc(1, sizeof(*doc));

	*out = NULL;
	if (doc == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	doc->name = ap_strdup(name ? name : "<stdin>");
	if (doc->name == NULL) {
		ap_free(doc);
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	}
	*out = doc;
	return AP_OK;
}

int ap_doc_parse_take(ap_doc **out, const char *name, char *buf, size_t len,
		      const struct ap_load_options *opts, struct ap_error *err)
{
	struct ap_load_options defaults = AP_LOAD_OPTIONS_INIT;
	struct ap_doc *doc = NULL;
	int ret;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	ret = new_doc(&doc, name, err);
	if (ret != AP_OK) {
		ap_free(buf);
		return ret;
	}
	doc->source = buf;
	doc->source_len = len;
	if (len > opts->max_bytes) {
		char msg[128];

		snprintf(msg, sizeof(msg), "file is %zu bytes, over the limit of %zu",
			 len, opts->max_bytes);
		ret = ap_doc__add_problem(doc, AP_PROBLEM_TOO_LARGE, 0, 0, msg);
		if (ret != AP_OK)
			ret = ap_error_set(err, ret, "out of memory");
	} else {
		ret = ap_xml__parse(doc, opts, err);
	}
	if (ret != AP_OK) {
		ap_doc_free(doc);
		return ret;
	}
	*out = doc;
	return AP_OK;
}

int ap_doc_parse(ap_doc **out, const char *name, const char *buf, size_t len,
		 const struct ap_load_options *opts, struct ap_error *err)
{
	char *copy;

	*out = NULL;
	copy = ap_strndup(buf, len);
	if (copy == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	return ap_doc_parse_take(out, name, copy, len, opts, err);
}

int ap_doc_load_file(ap_doc **out, const char *path, const char *name,
		     const struct ap_load_options *opts, struct ap_error *err)
{
	struct ap_load_options defaults = AP_LOAD_OPTIONS_INIT;
	struct ap_doc *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (name == NULL)
		name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	ret = ap_file_read(&buf, &len, path, opts->max_bytes, err);
	if (ret == AP_ETOOBIG) {
		/* a finding, not an operational error */
		ret = new_doc(&doc, name, err);
		if (ret == AP_OK && (doc->source = ap_strndup("", 0)) == NULL)
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		if (ret == AP_OK && ap_doc__add_problem(doc, AP_PROBLEM_TOO_LARGE, 0, 0,
							err->message) != AP_OK)
			ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		if (ret != AP_OK) {
			ap_doc_free(doc);
			return ret;
		}
		ap_error_clear(err);
		*out = doc;
		return AP_OK;
	}
	if (ret != AP_OK)
		return ret;
	return ap_doc_parse_take(out, name, buf, len, opts, err);
}
