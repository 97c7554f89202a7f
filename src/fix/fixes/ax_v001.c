/* AX-V001: urn:altinn:org:rolecode -> urn:altinn:rolecode. */
#include "internal.h"
#include "fix/fix_int.h"

const struct ap_fix ap_fix_AX_V001 = {
	.rule_id = "AX-V001", .cls = AP_FIX_SAFE, .apply = ap_fix__org_rolecode,
	.summary = "AttributeId urn:altinn:org:rolecode replaced by urn:altinn:rolecode",
};
