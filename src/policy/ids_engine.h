/*
 * Identifier tables and value parsers for the engine-semantics rules
 * AX-E001..AX-E016 and the structure rules AX-S016..AX-S018 (spec
 * xacml-altinn.md 1.5, 1.7, 1.9-1.11): how Altinn's parser reads an
 * effect, which XACML standard functions exist that Altinn's PDP does not
 * implement, and which supported identifier a near miss was meant to be.
 * The supported identifiers themselves are in ids.h.
 */
#ifndef AP_POLICY_IDS_ENGINE_H
#define AP_POLICY_IDS_ENGINE_H

#include "altinn-policy/policy.h"

/*
 * How .NET Enum.TryParse<XacmlEffectType>(value, ignoreCase: true) reads
 * a Rule Effect, an ObligationExpression FulfillOn or an AdviceExpression
 * AppliesTo (XacmlParser.cs): names in any case with surrounding white
 * space, integers, and comma lists of names combined bitwise.
 */
enum ap_effect_form {
	AP_EFFECT_EXACT = 0, /* "Permit" or "Deny" as written */
	AP_EFFECT_CASE,      /* a name in another case or with white space */
	AP_EFFECT_NUMERIC,   /* an integer: 0 Permit, 1 Deny, else neither */
	AP_EFFECT_LIST,      /* a comma list of names, combined bitwise */
	AP_EFFECT_INVALID    /* rejected: "Wrong XacmlEffectType value" */
};

/* What an effect value means to Altinn once parsed. */
enum ap_effect_value {
	AP_EFFECT_PERMIT = 0,
	AP_EFFECT_DENY = 1,
	AP_EFFECT_NEITHER = 2 /* a number other than 0 and 1 */
};

struct ap_effect {
	enum ap_effect_form form;
	enum ap_effect_value value; /* meaningless when form is INVALID */
};

/* Parses s as Altinn does.  NULL is INVALID. */
struct ap_effect ap_ids_effect(const char *s);

/*
 * True when id is a function identifier of the XACML 1.0-3.0 standards
 * (Appendix A.3, including the deprecated 1.0 spellings), whether or not
 * Altinn implements it.
 */
int ap_ids_xacml_function(const char *id);

/* The table ap_ids_xacml_function searches, sorted; *n gets its length
 * (for the unit tests).  Borrowed, static. */
const char *const *ap_ids_xacml_function_table(size_t *n);

/*
 * True when id is one of the bag-size functions (time, date, dateTime)
 * XacmlApply.cs evaluates itself when it finds one as the nested Apply of
 * a Condition (spec 1.11 point 9).  NULL is not.
 */
int ap_ids_bag_size_fn(const char *id);

/* True for the XACML logical functions and, or, not, n-of, which Altinn
 * never evaluates.  NULL is not. */
int ap_ids_logic_fn(const char *id);

/*
 * The supported match function (ids.h) that id, itself unsupported, was
 * probably meant to be: the same function name after "function:" ignoring
 * case, under another version or spelling (for example the non-existent
 * "...:1.0:function:string-equal-ignore-case").  NULL when none.
 */
const char *ap_ids_match_fn_near(const char *id);

/*
 * The supported rule-combining algorithm that id, itself unsupported, was
 * probably meant to be: the XACML 3.0 rule-combining id with the same
 * algorithm name (so the 1.0 deny-overrides id gives the 3.0 one), or the
 * supported id equal to id ignoring case.  NULL when none.
 */
const char *ap_ids_combining_near(const char *id);

/* True for the three categories Altinn's PDP evaluates (spec 1.11 p1).
 * Inline: the engine rules ask it for every Match. */
static inline int ap_ids_category_evaluated(enum ap_category cat)
{
	return cat == AP_CAT_SUBJECT || cat == AP_CAT_RESOURCE ||
	       cat == AP_CAT_ACTION;
}

/*
 * The evaluated category a Category id (not itself one of them) was
 * probably meant to be, guessed from its words ("subject", "resource",
 * "action", ignoring case); AP_CAT_NONE when it names none of them (the
 * environment category, for instance).
 */
enum ap_category ap_ids_category_guess(const char *id);

/* The category id of an evaluated category; NULL for others. */
const char *ap_ids_category_id(enum ap_category cat);

/* "subject", "resource", "action", or "other". */
const char *ap_ids_category_noun(enum ap_category cat);

#endif
