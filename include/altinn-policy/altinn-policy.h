/* Umbrella header: include this one. */
#ifndef ALTINN_POLICY_H
#define ALTINN_POLICY_H

#include "altinn-policy/common.h"
#include "altinn-policy/version.h"
#include "altinn-policy/policy.h"
#include "altinn-policy/lint.h"
#include "altinn-policy/report.h"
#include "altinn-policy/fsutil.h"
#include "altinn-policy/fmt.h"
#include "altinn-policy/fix.h"
#include "altinn-policy/generate.h"
#include "altinn-policy/eval.h"
#include "altinn-policy/http.h"
#include "altinn-policy/auth.h"
#include "altinn-policy/publish.h"

#endif
