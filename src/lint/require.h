/* Checks shared by the correspondence rules AX-C001..AX-C003. */
#ifndef AP_LINT_REQUIRE_H
#define AP_LINT_REQUIRE_H

#include "lint/rule.h"

/*
 * Reports, for the running rule, when no subject the policy mentions is
 * permitted action on the policy's resource (with Altinn's evaluator).
 * why explains who asks for the action ("recipients are checked with
 * read").
 */
void ap_lint__require_action(struct ap_lint_ctx *ctx, const char *action,
			     const char *why);

#endif
