/* AX-E005: a Match value typed integer on a party, user or organisation
 * number, or a misspelt string type -> XMLSchema#string. */
#include "internal.h"
#include "fix/fix_int.h"
#include "policy/ids.h"
#include "policy/vocab.h"

#include <strings.h>

#define XS_INTEGER "http://www.w3.org/2001/XMLSchema#integer"

static int digits_only(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int misspelt_string(const char *dt)
{
	return strcasecmp(dt, "string") == 0 || strcasecmp(dt, "xs:string") == 0 ||
	       strcasecmp(dt, "xsd:string") == 0 ||
	       strcasecmp(dt, AP_ID_XS_STRING) == 0;
}

static void apply(struct ap_fix_ctx *ctx, const struct ap_node *at)
{
	const struct ap_node *m = ap_fix__up(at, AP_NODE_MATCH), *d;
	const char *dt;

	if (at == NULL || at->kind != AP_NODE_ATTRIBUTE_VALUE || m == NULL ||
	    (dt = at->u.value.data_type) == NULL)
		return;
	d = m->u.match.designator;
	if (ap_streq(dt, XS_INTEGER)) {
		if (d == NULL || !ap_vocab_subject_pins_party(d->u.designator.attribute_id) ||
		    !digits_only(at->text))
			return;
	} else if (!misspelt_string(dt)) {
		return;
	}
	ap_fix__set_attr(ctx, at, "DataType", AP_ID_XS_STRING);
}

const struct ap_fix ap_fix_AX_E005 = {
	.rule_id = "AX-E005", .cls = AP_FIX_SAFE, .apply = apply,
	.summary = "Match value DataType set to XMLSchema#string (integer party/organisation number, or a misspelt string type)",
};
