/*
 * The embedded XSD for XACML 3.0 policies (schemas/xacml-policy.xsd) and
 * XSD validation plugged into the loader's SAX pass.  Private to the
 * library; see docs/schema.md.
 *
 * One ap_schema per process is enough: it is read-only once compiled and
 * may be shared by any number of threads.  Each validation runs in its own
 * struct ap_schema_run, which must stay on one thread.
 */
#ifndef AP_XML_SCHEMA_H
#define AP_XML_SCHEMA_H

#include <stdint.h>

#include <libxml/parser.h>

#include "altinn-policy/policy.h"

/*
 * Compiles the embedded XSD (no network, no file access).  On AP_OK *out
 * is the compiled schema: caller owns it, free with ap_schema_free.  libxml2
 * messages are captured, never printed (the calling thread's structured
 * error handler is borrowed during the compile and restored).  Errors:
 * AP_EINTERNAL (the embedded XSD does not compile; err holds libxml2's
 * first message), AP_ENOMEM.  Call it once, before starting threads that
 * validate.
 */
AP_NODISCARD int ap_schema_new(ap_schema **out, struct ap_error *err);

/* Frees a compiled schema.  Accepts NULL.  No run may still use it. */
void ap_schema_free(ap_schema *s);

/*
 * Receives each validation problem.  line and col are 1-based, 0 when
 * libxml2 does not know them: with SAX validation on libxml2 2.9.14 that is
 * always the case, so the caller should put in the position of the element
 * the message is about (see ap_schema__plug for when it is called).
 * message is borrowed for the duration of the call: one line, no trailing
 * newline, XACML 3.0 element names without their namespace.
 */
typedef void (*ap_schema_error_fn)(void *cb_data, uint32_t line,
				   uint32_t col, const char *message);

struct ap_schema_run;

/*
 * Plugs validation against s into a SAX2 parse (xmlSchemaSAXPlug).  *sax
 * must be a SAX2 handler (initialized == XML_SAX2_MAGIC, element callbacks
 * startElementNs/endElementNs) and *user_data its context.  Both are
 * replaced by the plug's: the caller must install them into the parser
 * context (ctxt->sax = *sax, ctxt->userData = *user_data) before
 * xmlParseDocument, and must take ctxt->sax back (set it to its own handler
 * or NULL) before xmlFreeParserCtxt, which would otherwise free it.
 *
 * Every callback the caller set (except the varargs warning, error and
 * fatalError channels, which libxml2 uses only without serror) is still
 * called, with the caller's
 * user_data, including serror (which a bare xmlSchemaSAXPlug drops on
 * libxml2 2.9.14).  The caller's handler is copied: later changes to it
 * have no effect.  Validation errors go to fn(cb_data, ...), in document
 * order: for a start tag after the caller's startElementNs, for an end
 * tag before the caller's endElementNs, so "the element the caller is in"
 * is the one the message names.  Only the first error inside an invalid
 * element is reported (libxml2 skips the rest of its subtree).
 *
 * On AP_OK *out is the run: free it with ap_schema__unplug once parsing is
 * over, and before s is freed.  Errors: AP_ENOMEM; AP_EINVALID when *sax is
 * not a SAX2 handler (a bug in the caller).  On error *sax and *user_data
 * are unchanged.
 */
AP_NODISCARD int ap_schema__plug(struct ap_schema_run **out,
				 const ap_schema *s, xmlSAXHandlerPtr *sax,
				 void **user_data, ap_schema_error_fn fn,
				 void *cb_data, struct ap_error *err);

/*
 * Unplugs and frees run.  Returns 1 if the document was valid, 0 if not:
 * a validation error was reported, or the element stream did not end with
 * the root element closed (parse stopped, empty document).  Accepts NULL
 * (returns 0).  It does not touch the parser context.
 */
int ap_schema__unplug(struct ap_schema_run *run);

#endif
