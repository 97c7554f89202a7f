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

#define SMALL 64 /* rules kept on the stack */

/* What the rules of the policy are, computed once per document. */
struct pick {
	const struct ap_node **rules;
	unsigned char *effect;   /* per rule: enum ap_decision, the Studio
				    placeholder as INDETERMINATE (AX-Q005) */
	uint64_t *avail;         /* Permit rules not reported as redundant */
	uint64_t *deny;          /* Deny rules */
	uint64_t *acc;           /* scratch set */
	size_t n, words;
};

static void set_bit(uint64_t *set, size_t i)
{
	set[i / 64] |= UINT64_C(1) << (i % 64);
}

static void clear_bit(uint64_t *set, size_t i)
{
	set[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

static int has_bit(const uint64_t *set, size_t i)
{
	return (set[i / 64] >> (i % 64)) & 1u;
}

/* Under first-applicable: Permit rules every request of which the rules
 * before them (Permit or Deny) already decide. */
static void first_applicable(struct ap_lint_ctx *ctx, struct pick *p,
			     struct ap_coverage *cov)
{
	const struct ap_node *rule, *by;
	size_t i;

	memset(p->acc, 0, p->words * sizeof(*p->acc));
	for (i = 0; i < p->n; i++) {
		enum ap_decision eff = (enum ap_decision)p->effect[i];

		rule = p->rules[i];
		if (eff == AP_DECISION_PERMIT &&
		    ap_coverage__rule(cov, i, p->acc, &by) == AP_COVER_FULL) {
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
		if (eff == AP_DECISION_PERMIT || eff == AP_DECISION_DENY)
			set_bit(p->acc, i);
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

	for (i = p->n; i-- > 0;) {
		rule = p->rules[i];
		if (p->effect[i] != AP_DECISION_PERMIT ||
		    ap_coverage__rule(cov, i, p->avail, &by) !=
		    AP_COVER_FULL)
			continue;
		clear_bit(p->avail, i);
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

	for (i = 0; i < p->n; i++) {
		rule = p->rules[i];
		/* not the ones reported as redundant */
		if (p->effect[i] != AP_DECISION_PERMIT ||
		    !has_bit(p->avail, i) ||
		    ap_coverage__rule(cov, i, p->deny, &by) != AP_COVER_FULL)
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
	const struct ap_node *small_rules[SMALL];
	unsigned char small_effect[SMALL];
	uint64_t small_sets[3];
	struct ap_coverage *cov = NULL;
	void *block = NULL;
	struct pick p;
	enum ap_combining alg;
	size_t i, npermit = 0, ndeny = 0;

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
	p.words = (p.n + 63) / 64;
	if (p.n <= SMALL) {
		p.rules = small_rules;
		p.effect = small_effect;
		p.avail = &small_sets[0];
		p.deny = &small_sets[1];
		p.acc = &small_sets[2];
	} else {
		block = ap_malloc(3 * p.words * sizeof(uint64_t) +
				  p.n * (sizeof(*p.rules) + 1));
		if (block == NULL) {
			ap_lint_ctx_nomem(ctx);
			return;
		}
		p.avail = block;
		p.deny = p.avail + p.words;
		p.acc = p.deny + p.words;
		p.rules = (const struct ap_node **)(void *)(p.acc + p.words);
		p.effect = (unsigned char *)(p.rules + p.n);
	}
	memset(p.avail, 0, 3 * p.words * sizeof(uint64_t));
	i = 0;
	for (r = ap_node__child(policy, AP_NODE_RULE); r;
	     r = ap_node__next_sibling(r, AP_NODE_RULE), i++) {
		enum ap_decision eff = ap_smell__effect(r);

		p.rules[i] = r;
		if (eff != AP_DECISION_NOT_APPLICABLE && eff != AP_DECISION_INDETERMINATE &&
		    ap_smell__is_placeholder(r))
			eff = AP_DECISION_INDETERMINATE;
		p.effect[i] = (unsigned char)eff;
		if (eff == AP_DECISION_PERMIT) {
			set_bit(p.avail, i);
			npermit++;
		} else if (eff == AP_DECISION_DENY) {
			set_bit(p.deny, i);
			ndeny++;
		}
	}
	/* nothing to judge, or nothing to judge against */
	if (npermit == 0 ||
	    (alg != AP_COMB_FIRST_APPLICABLE && npermit < 2 &&
	     (alg != AP_COMB_DENY_OVERRIDES || ndeny == 0)))
		goto done;
	if (ap_coverage__new(&cov, policy) != AP_OK) {
		ap_lint_ctx_nomem(ctx);
		goto done;
	}
	if (alg == AP_COMB_FIRST_APPLICABLE) {
		first_applicable(ctx, &p, cov);
	} else {
		redundant(ctx, &p, cov);
		if (alg == AP_COMB_DENY_OVERRIDES && ndeny > 0)
			denied(ctx, &p, cov);
	}
done:
	if (ap_coverage__nomem(cov))
		ap_lint_ctx_nomem(ctx);
	ap_coverage__free(cov);
	ap_free(block);
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
