/* Requests: the owned form and the parsers that fill it. */
#ifndef AP_REQUEST_REQUEST_H
#define AP_REQUEST_REQUEST_H

#include "altinn-policy/eval.h"
#include "altinn-policy/fsutil.h"
#include "util/arena.h"

#include <jansson.h>

struct ap_req {
	struct ap_arena arena;
	struct ap_req_attr *attrs;
	size_t count, cap;
	struct ap_request view;
	/* the requests of a MultiRequests object, and their labels */
	struct ap_req **multi;
	const char **labels;
	size_t nmulti;
};

/* ap_req_add with IncludeInResult. */
int ap_req__add(ap_req *r, const char *category_id, const char *id,
		const char *data_type, const char *value, const char *issuer,
		int include_in_result, struct ap_error *err);

/* The two syntaxes of ap_req_parse. */
int ap_req__parse_json(ap_req **out, const char *name, const char *buf,
		       size_t len, struct ap_error *err);
int ap_req__parse_xml(ap_req **out, const char *name, const char *buf,
		      size_t len, struct ap_error *err);

/* Adds the request object of the JSON profile ({"Request": ...} or its
 * inside) to r.  where names the file for messages.  AP_OK, AP_EINVALID,
 * AP_ETOOBIG, AP_ENOMEM. */
int ap_req__from_json(ap_req *r, const json_t *root, const char *where,
		      struct ap_error *err);

#endif
