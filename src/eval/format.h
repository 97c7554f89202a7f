/* JSON helpers shared by the result, matrix and suite formatters. */
#ifndef AP_EVAL_FORMAT_H
#define AP_EVAL_FORMAT_H

#include "altinn-policy/common.h"

#include <jansson.h>

/* Appends the compact text of v and a newline, and drops the reference
 * (v NULL or ok 0: out of memory, nothing added).  AP_OK or AP_ENOMEM. */
int ap_eval__add_json(struct ap_buf *out, json_t *v, int ok);
/* A JSON string (invalid UTF-8 replaced), or null for NULL. */
json_t *ap_eval__jstr(const char *s);
/* Set / append that steal v and clear *ok on any failure. */
void ap_eval__jset(json_t *o, const char *key, json_t *v, int *ok);
void ap_eval__jpush(json_t *a, json_t *v, int *ok);

#endif
