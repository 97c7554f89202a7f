/* The registry's error bodies (registry-api.md §2.6, §4.6): the Altinn
 * ProblemDetails shape (code, validationErrors), ASP.NET's validation
 * problem (errors: {key: [messages]}), a JSON string, or plain text. */
#include "internal.h"

#include <stdio.h>

#include "publish/pub.h"

static const char *reason(long status)
{
	switch (status) {
	case 301: case 302: case 303: case 307: case 308:
		return "a redirect, not followed (the token must not go elsewhere): check the base URL";
	case 400: return "bad request";
	case 401: return "unauthorized: the token is missing, invalid or expired";
	case 403: return "forbidden: the token lacks a scope, or its organization does not own this";
	case 404: return "not found";
	case 409: return "conflict";
	case 412: return "precondition failed: changed by someone else";
	case 415: return "unsupported media type";
	case 429: return "too many requests";
	case 500: return "internal server error";
	default: return "error";
	}
}

/* Appends s to msg (cap) on one line, control characters as spaces. */
static void put(char *msg, size_t cap, const char *s)
{
	size_t n = strlen(msg);

	for (; *s && n + 1 < cap; s++)
		msg[n++] = (unsigned char)*s < 0x20 ? ' ' : *s;
	msg[n] = '\0';
}

static void from_errors(const json_t *errors, char *msg, size_t cap)
{
	const char *k;
	json_t *v, *m;
	size_t i;
	int first = 1;

	json_object_foreach((json_t *)errors, k, v) {
		json_array_foreach(v, i, m) {
			if (!json_is_string(m))
				continue;
			put(msg, cap, first ? ": " : "; ");
			put(msg, cap, k);
			put(msg, cap, ": ");
			put(msg, cap, json_string_value(m));
			first = 0;
		}
	}
}

void ap_registry_error(const struct ap_http_resp *r, char *code,
		       size_t code_cap, char *msg, size_t msg_cap)
{
	json_t *j = r->body.len ? json_loadb(r->body.ptr, r->body.len, JSON_DECODE_ANY, NULL) : NULL;

	code[0] = '\0';
	msg[0] = '\0';
	if (json_is_string(j)) {
		put(msg, msg_cap, json_string_value(j));
	} else if (json_is_object(j)) {
		const char *c = json_string_value(json_object_get(j, "code"));
		const char *title = json_string_value(json_object_get(j, "title"));
		const char *detail = json_string_value(json_object_get(j, "detail"));
		json_t *verrs = json_object_get(j, "validationErrors");
		json_t *first = json_array_get(verrs, 0);

		if (json_is_object(first) && json_string_value(json_object_get(first, "code")) != NULL) {
			snprintf(code, code_cap, "%s", json_string_value(json_object_get(first, "code")));
			put(msg, msg_cap, json_string_value(json_object_get(first, "title")) ?
						  json_string_value(json_object_get(first, "title")) : "validation error");
		} else {
			if (c != NULL)
				snprintf(code, code_cap, "%s", c);
			put(msg, msg_cap, detail != NULL ? detail : title != NULL ? title : reason(r->status));
		}
		if (json_is_object(json_object_get(j, "errors")))
			from_errors(json_object_get(j, "errors"), msg, msg_cap);
	} else if (r->body.len > 0 && r->body.ptr != NULL && r->body.ptr[0] != '<') {
		put(msg, msg_cap, r->body.ptr);
	}
	if (msg[0] == '\0')
		put(msg, msg_cap, reason(r->status));
	if (strlen(msg) + 1 >= msg_cap && msg_cap > 4)
		memcpy(msg + msg_cap - 4, "...", 4);
	json_decref(j);
}
