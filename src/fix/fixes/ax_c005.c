/* AX-C005: DAGL matched on urn:altinn:org:rolecode -> urn:altinn:rolecode
 * (the same edit as AX-V001's, deduplicated; other attributes are not
 * guessed). */
#include "internal.h"
#include "fix/fix_int.h"

const struct ap_fix ap_fix_AX_C005 = {
	.rule_id = "AX-C005", .cls = AP_FIX_SAFE, .apply = ap_fix__org_rolecode,
	.summary = "DAGL's AttributeId urn:altinn:org:rolecode replaced by urn:altinn:rolecode",
};
