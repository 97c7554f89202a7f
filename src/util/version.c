/* Versions of the toolkit and of the libraries it was built with. */
#include "internal.h"
#include "altinn-policy/version.h"

#include <libxml/globals.h>
#include <libxml/xmlversion.h>
#include <jansson.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

const char *ap_version(void)
{
	return AP_VERSION;
}

/*
 * Each module reports the libraries it links; the ones the library core
 * uses today are listed here (libxslt, libcurl and libcrypto join with the
 * modules that use them, so their headers stay in those modules).
 */
int ap_version_libraries(struct ap_buf *out)
{
	return ap_buf_addf(out, "libxml2 %s (built with %s)\njansson %s\npcre2 %d.%d\n",
			   xmlParserVersion, LIBXML_DOTTED_VERSION, JANSSON_VERSION,
			   PCRE2_MAJOR, PCRE2_MINOR);
}
