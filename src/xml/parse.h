/*
 * The safe XML loader: the only place libxml2 parse options and error
 * handlers are set.  Parses doc->source with SAX2 straight into the model.
 */
#ifndef AP_XML_PARSE_H
#define AP_XML_PARSE_H

#include "policy/model.h"

/* Initialises libxml2 once, before any thread parses.  Cannot fail. */
void ap_xml__init(void);

/*
 * Parses doc->source (doc->source_len bytes, NUL-terminated) into doc.
 * Well-formedness errors, DOCTYPEs, entity declarations and limits become
 * problems of doc; the return value is AP_OK for all of those.  Errors:
 * AP_ENOMEM.
 */
int ap_xml__parse(struct ap_doc *doc, const struct ap_load_options *opts,
		  struct ap_error *err);

#endif
