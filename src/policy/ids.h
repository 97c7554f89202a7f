/*
 * Identifier tables: element names, categories, functions, combining
 * algorithms and the Altinn vocabulary (spec xacml-altinn.md 1.9-2.4).
 */
#ifndef AP_POLICY_IDS_H
#define AP_POLICY_IDS_H

#include "altinn-policy/policy.h"

#define AP_ID_CAT_SUBJECT "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
#define AP_ID_CAT_RESOURCE "urn:oasis:names:tc:xacml:3.0:attribute-category:resource"
#define AP_ID_CAT_ACTION "urn:oasis:names:tc:xacml:3.0:attribute-category:action"
#define AP_ID_CAT_ENVIRONMENT "urn:oasis:names:tc:xacml:3.0:attribute-category:environment"

#define AP_ID_ACTION_ID "urn:oasis:names:tc:xacml:1.0:action:action-id"
#define AP_ID_RESOURCE "urn:altinn:resource"
#define AP_ID_ROLECODE "urn:altinn:rolecode"
#define AP_ID_ORG_ROLECODE "urn:altinn:org:rolecode"
#define AP_ID_XS_STRING "http://www.w3.org/2001/XMLSchema#string"

#define AP_FN_STRING_EQUAL "urn:oasis:names:tc:xacml:1.0:function:string-equal"
#define AP_FN_STRING_EQUAL_IC "urn:oasis:names:tc:xacml:3.0:function:string-equal-ignore-case"

/* Kind of an element from its local name (AP_NODE_UNKNOWN if none). */
enum ap_node_kind ap_ids_node_kind(const char *local_name);

/* Match functions Altinn's engine implements (spec 1.10). */
enum ap_match_fn {
	AP_MATCH_FN_UNSUPPORTED = 0,
	AP_MATCH_FN_STRING_EQUAL,
	AP_MATCH_FN_STRING_EQUAL_IC,
	AP_MATCH_FN_ANYURI_EQUAL,
	AP_MATCH_FN_INTEGER_EQUAL,
	AP_MATCH_FN_INTEGER_ONE_AND_ONLY,
	AP_MATCH_FN_STRING_IS_IN,
	AP_MATCH_FN_TIME_EQUAL,
	AP_MATCH_FN_DATE_EQUAL,
	AP_MATCH_FN_DATETIME_EQUAL,
	AP_MATCH_FN_STRING_REGEXP
};
enum ap_match_fn ap_ids_match_fn(const char *match_id);

/* Rule-combining algorithms as PDP-new treats them (spec 1.9). */
enum ap_combining {
	AP_COMB_UNSUPPORTED = 0, /* Indeterminate for every request */
	AP_COMB_DENY_OVERRIDES,
	AP_COMB_PERMIT_OVERRIDES,
	AP_COMB_DENY_UNLESS_PERMIT,
	AP_COMB_PERMIT_UNLESS_DENY,
	AP_COMB_FIRST_APPLICABLE
};
enum ap_combining ap_ids_combining(const char *alg_id);

#endif
