/*
 * AX-S012: an AttributeDesignator has AttributeId, Category, DataType and
 * MustBePresent; an AttributeSelector has Path and DataType.
 *
 * Source: spec xacml-altinn.md 1.4 and 4.1.  XacmlParser.cs throws
 * "<name> IsNullOrEmpty" for each required attribute that is missing or
 * empty.  The value of MustBePresent is AX-S013's.  One finding per
 * element names every attribute at fault.
 */
#include "internal.h"
#include "lint/rules/structure_util.h"

#include <stdio.h>

static const char *const designator_attrs[] = {
	"AttributeId", "Category", "DataType", "MustBePresent", NULL
};
static const char *const selector_attrs[] = {"Path", "DataType", NULL};

/*
 * Writes "a", "a <conj> b" or "a, b <conj> c" of the names[i] with
 * pick[i] == want.
 */
static void join(char *buf, size_t len, const char *const *names,
		 const int *pick, int want, const char *conj)
{
	size_t i, n = 0, k = 0, used;

	for (i = 0; names[i] != NULL; i++)
		n += pick[i] == want;
	buf[0] = '\0';
	for (i = 0; names[i] != NULL; i++) {
		if (pick[i] != want)
			continue;
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s%s",
			 k == 0 ? "" : k + 1 == n ? conj : ", ", names[i]);
		k++;
	}
}

static AP_RULE_SLOW void check_slow(struct ap_lint_ctx *ctx,
				    const struct ap_node *n)
{
	int selector = n->kind == AP_NODE_ATTRIBUTE_SELECTOR;
	const char *const *names = selector ? selector_attrs : designator_attrs;
	int state[4] = {0}; /* 0 fine, 1 absent, 2 empty */
	char absent[96], empty[96];
	const char *values[4];
	int bad = 0;
	size_t i;

	/* the typed view holds these attributes (AttributeId interned) */
	if (selector) {
		values[0] = ap_node_attr(n, "Path");
		values[1] = n->u.designator.data_type;
	} else {
		values[0] = n->u.designator.attribute_id;
		values[1] = n->u.designator.category_id;
		values[2] = n->u.designator.data_type;
		values[3] = n->u.designator.must_be_present;
	}
	for (i = 0; names[i] != NULL; i++) {
		const char *v = values[i];

		state[i] = v == NULL ? 1 : v[0] == '\0' ? 2 : 0;
		bad |= state[i];
	}
	if (!bad || !ap_structure__reached(ctx, n))
		return;
	join(absent, sizeof(absent), names, state, 1, " or ");
	join(empty, sizeof(empty), names, state, 2, " and ");
	if (absent[0] == '\0' && empty[0] == '\0')
		return;
	ap_lint_report(ctx, n,
		       "'%s' has %s%s%s%s%s: Altinn's parser requires %s on "
		       "every %s",
		       n->name, absent[0] ? "no " : "", absent,
		       absent[0] && empty[0] ? ", and " : "",
		       empty[0] ? "an empty " : "", empty,
		       selector ? "Path and DataType"
				: "AttributeId, Category, DataType and "
				  "MustBePresent",
		       n->name);
}

/* the common clean case, tested before the frame of the reporting half */
static void check(struct ap_lint_ctx *ctx, const struct ap_node *n)
{
	if (n->kind == AP_NODE_ATTRIBUTE_DESIGNATOR &&
	    ap_structure__has_value(n->u.designator.attribute_id) &&
	    ap_structure__has_value(n->u.designator.category_id) &&
	    ap_structure__has_value(n->u.designator.data_type) &&
	    ap_structure__has_value(n->u.designator.must_be_present))
		return;
	check_slow(ctx, n);
}

const struct ap_rule ap_rule_AX_S012 = {
	.id = "AX-S012", .name = "designator-attributes",
	.severity = AP_SEV_ERROR, .profiles = AP_PROFILES_ALL,
	.visits = AP_VISIT(AP_NODE_ATTRIBUTE_DESIGNATOR) |
		  AP_VISIT(AP_NODE_ATTRIBUTE_SELECTOR),
	.check = check, .check_doc = NULL,
	.summary = "AttributeDesignator needs AttributeId, Category, DataType "
		   "and MustBePresent",
	.source = "XacmlParser.cs ReadAttribute",
};
