/*
 * AX-X006: a Permit rule that is shadowed or redundant.
 *   - redundant: other Permit rules already grant every request it
 *     matches (any algorithm where Permit rules add up: the deny-overrides
 *     and permit-overrides families, deny-unless-permit);
 *   - never reached: under first-applicable, earlier rules already decide
 *     every request it matches;
 *   - unreachable: under deny-overrides (current PDP) Deny rules take away
 *     every request it matches.
 * Decided with Altinn's evaluator on candidate requests built from the
 * rule's own match values (src/lint/coverage.c), conservatively: rules
 * with a Condition, regular expressions or other non-equality functions
 * are not analysed.  Of rules that cover each other (duplicates), only the
 * later ones are reported, so removing every reported rule is safe.
 * Under permit-unless-deny Permit rules change nothing at all (AX-E002's
 * concern); an unknown algorithm is AX-E001's.
 * Not run on delegation policies: access management writes them, and a
 * redundant delegated right is nothing the reader can or need change.
 * Source: spec xacml-altinn.md 1.9, 1.11, 4.6; XacmlRule.cs;
 * RuleCombiner.cs.
 */
#include "internal.h"
#include "lint/coverage.h"
#include "lint/rules/smells_util.h"
#include "policy/ids.h"

/* What the rules of the policy are, computed once per document. */
struct pick {
	const struct ap_node **rules;
	unsigned char *effect;   /* per rule: enum ap_decision, the Studio
				    placeholder as INDETERMINATE (AX-Q005) */
	unsigned char *marked;   /* per rule: reported as redundant */
	size_t n;
	size_t index;            /* the rule being judged */
	enum ap_decision want;   /* effect the covering rules must have */
	int earlier;             /* only rules before index, any effect */
};

static int accept(const struct ap_node *other, size_t index, void *arg)
{
	const struct pick *p = arg;
	enum ap_decision eff = (enum ap_decision)p->effect[index];

	(void)other;
	if (p->earlier)
		return index < p->index &&
		       (eff == AP_DECISION_PERMIT || eff == AP_DECISION_DENY);
	return eff == p->want && !p->marked[index];
}

static void first_applicable(struct ap_lint_ctx *ctx, struct pick *p,
			     struct ap_coverage *cov)
{
	const struct ap_node *rule, *by;

	p->earlier = 1;
	for (p->index = 0; p->index < p->n; p->index++) {
		rule = p->rules[p->index];
		if (p->effect[p->index] != AP_DECISION_PERMIT ||
		    ap_coverage__rule(cov, rule, accept, p, &by) !=
		    AP_COVER_FULL)
			continue;
		if (by)
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' is never reached: under first-applicable the earlier rule '%s' (line %u) already %s every request it matches; remove it or move it up",
				       ap_smell__rule_id(rule),
				       ap_smell__rule_id(by), by->line,
				       ap_smell__effect(by) ==
				       AP_DECISION_PERMIT ? "grants" : "denies");
		else
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' is never reached: under first-applicable earlier rules already decide every request it matches; remove it or move it up",
				       ap_smell__rule_id(rule));
	}
}

/* Permit rules covered by other Permit rules, from the last rule up, so
 * that of duplicates the later is reported and each reported rule is
 * covered by rules that stay. */
static void redundant(struct ap_lint_ctx *ctx, struct pick *p,
		      struct ap_coverage *cov)
{
	const struct ap_node *rule, *by;
	size_t i;

	p->earlier = 0;
	p->want = AP_DECISION_PERMIT;
	for (i = p->n; i-- > 0;) {
		rule = p->rules[i];
		p->index = i;
		if (p->effect[i] != AP_DECISION_PERMIT ||
		    ap_coverage__rule(cov, rule, accept, p, &by) !=
		    AP_COVER_FULL)
			continue;
		p->marked[i] = 1;
		if (by)
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' is redundant: rule '%s' (line %u) already grants every request it matches (the same or broader subjects, resources and actions); remove it or merge the two",
				       ap_smell__rule_id(rule),
				       ap_smell__rule_id(by), by->line);
		else
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' is redundant: other Permit rules together already grant every request it matches; remove it or merge the rules",
				       ap_smell__rule_id(rule));
	}
}

/* Under deny-overrides: Permit rules every request of which a Deny rule
 * takes away. */
static void denied(struct ap_lint_ctx *ctx, struct pick *p,
		   struct ap_coverage *cov)
{
	const struct ap_node *rule, *by;
	size_t i;

	p->earlier = 0;
	p->want = AP_DECISION_DENY;
	for (i = 0; i < p->n; i++) {
		rule = p->rules[i];
		p->index = i;
		if (p->marked[i] || p->effect[i] != AP_DECISION_PERMIT ||
		    ap_coverage__rule(cov, rule, accept, p, &by) !=
		    AP_COVER_FULL)
			continue;
		if (by)
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' never grants anything: under deny-overrides the Deny rule '%s' (line %u) takes away every request it matches; remove one of them",
				       ap_smell__rule_id(rule),
				       ap_smell__rule_id(by), by->line);
		else
			ap_lint_report(ctx, rule,
				       "Permit rule '%s' never grants anything: under deny-overrides Deny rules take away every request it matches; remove it or narrow the Deny rules",
				       ap_smell__rule_id(rule));
	}
}

static void check(struct ap_lint_ctx *ctx, const struct ap_doc *doc)
{
	const struct ap_node *policy = ap_lint_ctx_policy(ctx), *r;
	struct ap_coverage *cov = NULL;
	struct pick p;
	enum ap_combining alg;
	size_t i;

	(void)doc;
	memset(&p, 0, sizeof(p));
	if (policy == NULL)
		return;
	for (r = ap_node__child(policy, AP_NODE_RULE); r;
	     r = ap_node__next_sibling(r, AP_NODE_RULE))
		p.n++;
	alg = ap_ids_combining(policy->u.policy.combining_alg);
	if (p.n < 2 || alg == AP_COMB_UNSUPPORTED ||
	    alg == AP_COMB_PERMIT_UNLESS_DENY)
		return;
	p.rules = ap_calloc(p.n, sizeof(*p.rules));
	p.effect = ap_calloc(p.n, 1);
	p.marked = ap_calloc(p.n, 1);
	if (p.rules == NULL || p.effect == NULL || p.marked == NULL ||
	    ap_coverage__new(&cov, policy) != AP_OK)
		goto done;
	i = 0;
	for (r = ap_node__child(policy, AP_NODE_RULE); r;
	     r = ap_node__next_sibling(r, AP_NODE_RULE), i++) {
		p.rules[i] = r;
		p.effect[i] = (unsigned char)(ap_smell__is_placeholder(r)
					      ? AP_DECISION_INDETERMINATE
					      : ap_smell__effect(r));
	}
	if (alg == AP_COMB_FIRST_APPLICABLE) {
		first_applicable(ctx, &p, cov);
	} else {
		redundant(ctx, &p, cov);
		if (alg == AP_COMB_DENY_OVERRIDES)
			denied(ctx, &p, cov);
	}
done:
	ap_coverage__free(cov);
	ap_free(p.rules);
	ap_free(p.effect);
	ap_free(p.marked);
}

const struct ap_rule ap_rule_AX_X006 = {
	.id = "AX-X006",
	.name = "rule-shadowed",
	.severity = AP_SEV_WARNING,
	.profiles = AP_PROFILE_BIT(AP_PROFILE_CORRESPONDENCE) |
		    AP_PROFILE_BIT(AP_PROFILE_RESOURCE) |
		    AP_PROFILE_BIT(AP_PROFILE_APP),
	.check_doc = check,
	.summary = "a Permit rule is redundant, never reached, or taken away by a Deny rule",
	.source = "XacmlRule.cs; RuleCombiner.cs",
};
