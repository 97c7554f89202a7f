/*
 * AX-E005: a Match's AttributeValue is typed XMLSchema#string.
 *
 * Source: spec xacml-altinn.md 1.11 (point 6) and 4.2.  Xacml/XacmlMatch.cs
 * compares the policy value's DataType with the request value's exactly
 * before calling the match function, and Altinn's PEPs and context handler
 * send every attribute as http://www.w3.org/2001/XMLSchema#string
 * (XacmlJsonXmlConverter.cs ConvertDataType); so a Match typed integer,
 * anyURI or anything else never matches.  The AttributeDesignator's own
 * DataType is not compared (spec 1.8) and is not checked here.  A missing
 * DataType is AX-S011's; Matches Altinn never evaluates (AX-E006,
 * AX-E008) are skipped.
 */
#include "internal.h"
#include "lint/rules/engine_util.h"
#include "lint/rules/structure_util.h"
#include "policy/ids.h"

#include <strings.h>

/* True when dt looks like a misspelt XMLSchema#string. */
static int string_near_miss(const char *dt)
{
	size_t n = strlen(dt);

	return strcasecmp(dt, "string") == 0 ||
	       strcasecmp(dt, "xs:string") == 0 ||
	       strcasecmp(dt, "xsd:string") == 0 ||
	       (n >= 7 && strcasecmp(dt + n - 7, "#string") == 0);
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	const struct ap_node *v = n->u.match.value, *d = n->u.match.designator;
	const char *dt;

	if (v == NULL || v->u.value.is_string)
		return;
	dt = v->u.value.data_type;
	if (dt == NULL || dt[0] == '\0' || !ap_engine__match_evaluated(ctx, n))
		return;
	ap_lint_report(ctx, v,
		       "Match value typed '%s' never matches: Altinn's PEPs "
		       "send '%s' as a string and the PDP compares data types "
		       "before matching%s; use DataType=\"%s\"", dt,
		       d->u.designator.attribute_id ?
		       d->u.designator.attribute_id : "",
		       string_near_miss(dt) ? " (exactly, so the string type "
					      "must be written in full)" : "",
		       AP_ID_XS_STRING);
}

/* the common clean case, tested before the frame of the reporting half */
static inline void match(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->u.match.value == NULL || n->u.match.value->u.value.is_string)
		return;
	check_slow(ctx, n);
}

/* The Matches of each Rule's Targets, visited from the Rule (only there
 * can this rule report them). */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	ap_engine__each_evaluated(ctx, n, match);
}

const struct ap_rule ap_rule_AX_E005 = {
	.id = "AX-E005", .name = "match-data-type-not-string",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_RULE), .check = check, .check_doc = NULL,
	.summary = "Match AttributeValue DataType must be XMLSchema#string",
	.source = "Xacml/XacmlMatch.cs; XacmlJsonXmlConverter.cs",
};
