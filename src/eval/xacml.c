/* placeholder */
#include "internal.h"
#include "eval/engine.h"
int ap_xacml__compile(struct ap_xacml **out, const struct ap_doc *doc, struct ap_error *err)
{ (void)doc; *out = NULL; return ap_error_set(err, AP_EINVALID, "xacml: not yet"); }
int ap_xacml__add_reference(struct ap_xacml *x, const struct ap_doc *doc, struct ap_error *err)
{ (void)x; (void)doc; (void)err; return AP_OK; }
void ap_xacml__free(struct ap_xacml *x) { (void)x; }
int ap_xacml__decide(const struct ap_xacml *x, const struct ap_request *req, unsigned flags, struct ap_result *r)
{ (void)x; (void)req; (void)flags; (void)r; return AP_OK; }
