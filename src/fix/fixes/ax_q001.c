/* AX-Q001 (unsafe): a repeated RuleId gets the next free number: the
 * digits after its last ':' (Studio's convention) become one more than the
 * highest such number among the rules, or ":<n>" is appended. */
#include "internal.h"
#include "fix/fix_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of id without its trailing ":<digits>" (id length if none). */
static size_t stem_len(const char *id, unsigned long *num)
{
	size_t n = strlen(id), i = n;

	while (i > 0 && id[i - 1] >= '0' && id[i - 1] <= '9')
		i--;
	if (i < n && i > 0 && id[i - 1] == ':' && n - i < 10) {
		*num = strtoul(id + i, NULL, 10);
		return i - 1;
	}
	*num = 0;
	return n;
}

static int taken(const struct ap_node *policy, const char *id)
{
	const struct ap_node *r;

	for (r = ap_node__child(policy, AP_NODE_RULE); r; r = ap_node__next_sibling(r, AP_NODE_RULE))
		if (ap_streq(r->u.rule.rule_id, id))
			return 1;
	return 0;
}

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_node *policy, *r;
	const char *id;
	unsigned long num, max = 0;
	size_t stem;
	char next[1024];

	if (at == NULL || at->kind != AP_NODE_RULE || (id = at->u.rule.rule_id) == NULL ||
	    (policy = at->parent) == NULL)
		return;
	stem = stem_len(id, &num);
	if (stem >= 900)
		return;
	for (r = ap_node__child(policy, AP_NODE_RULE); r; r = ap_node__next_sibling(r, AP_NODE_RULE)) {
		const char *o = r->u.rule.rule_id;
		unsigned long k;

		if (o != NULL && stem_len(o, &k) == stem && strncmp(o, id, stem) == 0 && k > max)
			max = k;
	}
	do {
		snprintf(next, sizeof(next), "%.*s:%lu", (int)stem, id, ++max);
	} while (taken(policy, next) && max < 100000);
	ap_fix__set_attr(ctx, at, "RuleId", next);
}

const struct ap_fix ap_fix_AX_Q001 = {
	.rule_id = "AX-Q001", .cls = AP_FIX_UNSAFE, .apply = apply,
	.summary = "repeated RuleId renumbered to the next free number (unsafe: references to the old id, e.g. delegations, must be checked)",
};
