/*
 * The locked-down XSLT runner: the only file that touches libxslt.
 *
 * - Stylesheets and everything they import, include or read with
 *   document() are parsed by load_doc: XML_PARSE_NONET, no DTD loading, no
 *   entity substitution, and only files below the template directories.
 * - Transforms run under xsltSecurityPrefs that forbid writing files,
 *   creating directories and any network access, and allow reading only
 *   below the template directories; each refusal is recorded as a
 *   "security:" error naming what was tried.
 * - Only EXSLT's pure functions are registered: common (node-set,
 *   object-type; its exsl:document element is refused by the preferences),
 *   str, math without math:random, sets, func.  Not date (the current
 *   time), dyn, crypto or saxon, and not libxslt's own extras.
 * - Recursion is bounded by the transform context's maxTemplateDepth and
 *   maxTemplateVars, and the work of a transform (so its time) by the XPath
 *   context's operation limit.
 *
 * Process-wide state, and why: libxslt has one document loader for the
 *  whole process (xsltSetLoaderFunc) and one table of extension modules.
 *  Both are set once, in init_once, and the loader is stateless: what a
 *  given stylesheet may read comes from that stylesheet's _private (or the
 *  transform context's), never from a global.  libxslt's generic error
 *  handler is also process-wide; it is only redirected while a stylesheet
 *  compiles (on the calling thread, before any transform of it runs);
 *  transforms report through their own context's error function.
 */
#include "internal.h"
#include "gen/gen.h"
#include "xml/parse.h"

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *gen_xml_error;
#else
typedef xmlError *gen_xml_error;
#endif

/* URIs "altinn-policy:NAME" name files of the built-in template directory
 * (the last directory given), wherever it is installed. */
#define BUILTIN_SCHEME "altinn-policy:"
#define MAX_VARS 15000
/* XPath operations per transform: a time bound for templates that do not
 * recurse deeply but branch (each call evaluates expressions).  The
 * built-in templates need a few thousand per policy. */
#define MAX_XPATH_OPS 20000000UL

struct run;

/* Where a stylesheet may read from: its _private. */
struct sandbox {
	char **dirs; /* real paths, no trailing slash */
	size_t ndirs;
	struct run *compiling; /* set only while the stylesheet compiles */
};

struct gen_xslt {
	struct sandbox box;
	xsltStylesheetPtr style;
	xsltSecurityPrefsPtr sec;
};

/* One run (compile or transform): what went wrong, in order. */
struct run {
	const struct sandbox *box;
	char security[600]; /* the first security refusal */
	char message[600];  /* the other errors */
	int muted;          /* the rest is libxslt's template stack dump */
};

static pthread_once_t once = PTHREAD_ONCE_INIT;

/*
 * libxslt reports some errors (compile errors, the template stack of a
 * runaway recursion) through its process-wide generic handler, whatever
 * the transform context says.  That handler is set once to on_generic,
 * which hands the message to the run of the calling thread: this
 * thread-local pointer is the one piece of mutable state here, set around
 * each compile and transform.
 */
static _Thread_local struct run *current_run;

/* Appends msg (first line only) to slot, "; "-separated, while room. */
static void record(char *slot, size_t size, const char *msg)
{
	size_t used = strlen(slot), n = strcspn(msg, "\n");

	if (n == 0 || used + 8 >= size)
		return;
	snprintf(slot + used, size - used, "%s%.*s", used ? "; " : "", (int)n, msg);
}

static void on_error(void *ctx, const char *fmt, ...) AP_PRINTF(2, 3);
static void on_error(void *ctx, const char *fmt, ...)
{
	struct run *r = ctx;
	char msg[600];
	va_list ap;

	if (r == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	record(r->message, sizeof(r->message), msg);
}

static void on_xml_error(void *ctx, gen_xml_error e)
{
	struct run *r = ctx;
	char msg[600];

	if (r == NULL || e == NULL)
		return;
	if (e->domain == XML_FROM_XPATH &&
	    e->code == (int)XML_XPATH_EXPRESSION_OK + (int)XPATH_OP_LIMIT_EXCEEDED)
		snprintf(msg, sizeof(msg), "the template does too much work (more than %lu "
			 "XPath operations)", MAX_XPATH_OPS);
	else if (e->file && e->file[0])
		snprintf(msg, sizeof(msg), "%s:%d: %s", e->file, e->line,
			 e->message ? e->message : "error");
	else
		snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	if (strstr(r->message, msg) == NULL)
		record(r->message, sizeof(r->message), msg);
}

static void on_generic(void *ctx, const char *fmt, ...) AP_PRINTF(2, 3);
static void on_generic(void *ctx, const char *fmt, ...)
{
	struct run *r = current_run;
	char msg[600];
	va_list ap;

	(void)ctx;
	if (r == NULL || r->muted)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (strncmp(msg, "Templates:", 10) == 0) {
		r->muted = 1; /* the stack dump of a runaway recursion */
		return;
	}
	record(r->message, sizeof(r->message), msg);
}

static void ignore_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* ---- paths ------------------------------------------------------------ */

/* The file path a URI names ("file:" URIs and plain paths) in buf, or NULL
 * for anything else (network schemes) or a path too long. */
static const char *uri_to_path(const char *uri, const struct sandbox *box,
			       char *buf, size_t size)
{
	int n;

	if (strncmp(uri, BUILTIN_SCHEME, strlen(BUILTIN_SCHEME)) == 0) {
		const char *name = uri + strlen(BUILTIN_SCHEME);

		if (box->ndirs == 0 || strchr(name, '/') || name[0] == '.')
			return NULL;
		n = snprintf(buf, size, "%s/%s", box->dirs[box->ndirs - 1], name);
	} else if (strncmp(uri, "file:///", 8) == 0) {
		/* percent-escapes decoded in place; never longer than the input */
		if (strlen(uri + 7) >= size)
			return NULL;
		xmlURIUnescapeString(uri + 7, 0, buf);
		return buf;
	} else if (strstr(uri, "://") != NULL || strncmp(uri, "file:", 5) == 0) {
		return NULL;
	} else {
		n = snprintf(buf, size, "%s", uri);
	}
	return n > 0 && (size_t)n < size ? buf : NULL;
}

/* 1 when path resolves to a file below one of the sandbox's dirs. */
static int inside(const struct sandbox *box, const char *path)
{
	char real[PATH_MAX];
	size_t i;

	if (realpath(path, real) == NULL)
		return 0;
	for (i = 0; i < box->ndirs; i++) {
		size_t n = strlen(box->dirs[i]);

		if (strncmp(real, box->dirs[i], n) == 0 && real[n] == '/')
			return 1;
	}
	return 0;
}

/* ---- the loader ------------------------------------------------------- */

static const struct sandbox *box_of(void *ctxt, xsltLoadType type)
{
	if (ctxt == NULL)
		return NULL;
	if (type == XSLT_LOAD_DOCUMENT) {
		xsltTransformContextPtr t = ctxt;

		return t->_private ? ((struct run *)t->_private)->box : NULL;
	} else {
		xsltStylesheetPtr s = ctxt;

		while (s->parent != NULL)
			s = s->parent;
		return s->_private;
	}
}

static struct run *run_of(void *ctxt, xsltLoadType type)
{
	const struct sandbox *box;

	if (ctxt != NULL && type == XSLT_LOAD_DOCUMENT)
		return ((xsltTransformContextPtr)ctxt)->_private;
	box = box_of(ctxt, type);
	return box ? box->compiling : NULL;
}

/* Parses a file without network, DTD loading or entity substitution. */
static xmlDocPtr load_doc(const char *path, xmlDictPtr dict)
{
	xmlParserCtxtPtr pctxt = xmlNewParserCtxt();
	xmlDocPtr doc;

	if (pctxt == NULL)
		return NULL;
	if (dict != NULL) {
		if (pctxt->dict != NULL)
			xmlDictFree(pctxt->dict);
		pctxt->dict = dict;
		xmlDictReference(dict);
	}
	doc = xmlCtxtReadFile(pctxt, path, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING);
	xmlFreeParserCtxt(pctxt);
	return doc;
}

static xmlDocPtr sandboxed_loader(const xmlChar *uri, xmlDictPtr dict,
				  int options, void *ctxt, xsltLoadType type)
{
	const struct sandbox *box = box_of(ctxt, type);
	struct run *r = run_of(ctxt, type);
	char buf[PATH_MAX + 64];
	const char *path;

	(void)options; /* libxslt asks for DTD loading and entities: refused */
	if (box == NULL)
		return NULL;
	path = uri_to_path((const char *)uri, box, buf, sizeof(buf));
	if (path == NULL || !inside(box, path)) {
		if (r) {
			char msg[600];

			snprintf(msg, sizeof(msg), "security: the template may not read '%s' "
				 "(only files in the template directories, no network)", (const char *)uri);
			record(r->security, sizeof(r->security), msg);
		}
		return NULL;
	}
	return load_doc(path, dict);
}

static void init_once(void)
{
	ap_xml__init();
	xsltInit();
	xsltSetLoaderFunc(sandboxed_loader);
	xsltSetGenericErrorFunc(NULL, on_generic);
	exsltCommonRegister();
	exsltStrRegister();
	exsltMathRegister();
	/* the one impure function of the modules above */
	xsltUnregisterExtModuleFunction((const xmlChar *)"random", EXSLT_MATH_NAMESPACE);
	exsltSetsRegister();
	exsltFuncRegister();
}

/* ---- security preferences --------------------------------------------- */

static int refuse(xsltTransformContextPtr ctxt, const char *what, const char *value)
{
	struct run *r = ctxt ? ctxt->_private : NULL;
	char msg[600];

	if (r) {
		snprintf(msg, sizeof(msg), "security: the template tried to %s '%s'", what,
			 value ? value : "");
		record(r->security, sizeof(r->security), msg);
	}
	return 0;
}

static int deny_write_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			   const char *value)
{
	(void)sec;
	return refuse(ctxt, "write the file", value);
}

static int deny_create_dir(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			   const char *value)
{
	(void)sec;
	return refuse(ctxt, "create the directory", value);
}

static int deny_read_net(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			 const char *value)
{
	(void)sec;
	return refuse(ctxt, "read from the network:", value);
}

static int deny_write_net(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			  const char *value)
{
	(void)sec;
	return refuse(ctxt, "write to the network:", value);
}

static int check_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
			   const char *value)
{
	struct run *r = ctxt ? ctxt->_private : NULL;
	char buf[PATH_MAX + 64];
	const char *path;

	(void)sec;
	if (r == NULL)
		return 0;
	path = uri_to_path(value, r->box, buf, sizeof(buf));
	return path != NULL && inside(r->box, path) ? 1 : refuse(ctxt, "read the file (outside the template directories)", value);
}

static xsltSecurityPrefsPtr new_prefs(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (sec == NULL)
		return NULL;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, deny_write_file) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, deny_create_dir) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, deny_read_net) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, deny_write_net) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, check_read_file) != 0) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

/* ---- compile and apply ------------------------------------------------ */

static void free_box(struct sandbox *box)
{
	size_t i;

	for (i = 0; i < box->ndirs; i++)
		ap_free(box->dirs[i]);
	ap_free(box->dirs);
}

void ap_gen__xslt_free(struct gen_xslt *x)
{
	if (x == NULL)
		return;
	if (x->style)
		xsltFreeStylesheet(x->style);
	if (x->sec)
		xsltFreeSecurityPrefs(x->sec);
	free_box(&x->box);
	ap_free(x);
}

static int fill_box(struct sandbox *box, const char *const *dirs, size_t ndirs,
		    struct ap_error *err)
{
	size_t i;

	box->dirs = ap_calloc(ndirs + 1, sizeof(*box->dirs));
	if (box->dirs == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	for (i = 0; i < ndirs; i++) {
		char real[PATH_MAX];

		if (realpath(dirs[i], real) == NULL)
			continue; /* a directory that does not exist allows nothing */
		box->dirs[box->ndirs] = ap_strdup(real);
		if (box->dirs[box->ndirs] == NULL)
			return ap_error_set(err, AP_ENOMEM, "out of memory");
		box->ndirs++;
	}
	return AP_OK;
}

int ap_gen__xslt_compile(struct gen_xslt **out, const char *stylesheet,
			 const char *const *dirs, size_t ndirs,
			 struct ap_error *err)
{
	struct gen_xslt *x;
	struct run r;
	xmlDocPtr doc = NULL;
	xmlStructuredErrorFunc old_s = xmlStructuredError;
	void *old_s_ctx = xmlStructuredErrorContext;
	int ret = AP_OK, rc;

	*out = NULL;
	pthread_once(&once, init_once);
	memset(&r, 0, sizeof(r));
	x = ap_calloc(1, sizeof(*x));
	if (x == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	ret = fill_box(&x->box, dirs, ndirs, err);
	if (ret != AP_OK)
		goto done;
	r.box = &x->box;
	x->sec = new_prefs();
	if (x->sec == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	if (!inside(&x->box, stylesheet)) {
		ret = ap_error_set_at(err, AP_EINVALID, stylesheet, 0, 0,
				      "security: '%s' is not in a template directory", stylesheet);
		goto done;
	}
	xmlSetStructuredErrorFunc(&r, on_xml_error);
	doc = load_doc(stylesheet, NULL);
	if (doc == NULL) {
		xmlSetStructuredErrorFunc(old_s_ctx, old_s);
		ret = ap_error_set_at(err, AP_EPARSE, stylesheet, 0, 0, "cannot read the stylesheet %s",
				      r.message[0] ? r.message : stylesheet);
		goto done;
	}
	x->style = xsltNewStylesheet();
	if (x->style == NULL) {
		xmlSetStructuredErrorFunc(old_s_ctx, old_s);
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
		goto done;
	}
	x->style->_private = &x->box;
	x->box.compiling = &r;
	current_run = &r;
	/* on success the stylesheet owns doc (even with errors recorded) */
	rc = xsltParseStylesheetUser(x->style, doc);
	if (rc == 0)
		doc = NULL;
	else if (x->style->doc == doc)
		x->style->doc = NULL;
	if (rc != 0 || x->style->errors > 0)
		ret = AP_EPARSE;
	current_run = NULL;
	x->box.compiling = NULL;
	xmlSetStructuredErrorFunc(old_s_ctx, old_s);
	if (ret != AP_OK) {
		if (r.security[0])
			ret = ap_error_set_at(err, AP_EINVALID, stylesheet, 0, 0, "%s: %s",
					      stylesheet, r.security);
		else
			ret = ap_error_set_at(err, AP_EPARSE, stylesheet, 0, 0,
					      "stylesheet %s does not compile: %s", stylesheet,
					      r.message[0] ? r.message : "error");
	}
done:
	xmlFreeDoc(doc);
	if (ret != AP_OK) {
		ap_gen__xslt_free(x);
		return ret;
	}
	*out = x;
	return AP_OK;
}

int ap_gen__xslt_apply(const struct gen_xslt *x, void *params_doc,
		       struct ap_buf *out, struct ap_error *err)
{
	xsltTransformContextPtr ctxt = NULL;
	xmlDocPtr res = NULL;
	xmlChar *text = NULL;
	int len = 0, ret = AP_OK;
	struct run r;
	xmlStructuredErrorFunc old_s = xmlStructuredError;
	void *old_s_ctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_g = xmlGenericError;
	void *old_g_ctx = xmlGenericErrorContext;

	memset(&r, 0, sizeof(r));
	r.box = &x->box;
	ctxt = xsltNewTransformContext(x->style, params_doc);
	if (ctxt == NULL)
		return ap_error_set(err, AP_ENOMEM, "out of memory");
	ctxt->_private = &r;
	ctxt->maxTemplateDepth = AP_GEN_MAX_TEMPLATE_DEPTH;
	ctxt->maxTemplateVars = MAX_VARS;
	if (ctxt->xpathCtxt != NULL)
		ctxt->xpathCtxt->opLimit = MAX_XPATH_OPS;
	xsltSetCtxtSecurityPrefs(x->sec, ctxt);
	xsltSetTransformErrorFunc(ctxt, &r, on_error);
	/* XPath errors go to libxml2's (per-thread) handlers */
	xmlSetStructuredErrorFunc(&r, on_xml_error);
	xmlSetGenericErrorFunc(NULL, ignore_generic);
	current_run = &r;
	res = xsltApplyStylesheetUser(x->style, params_doc, NULL, NULL, NULL, ctxt);
	current_run = NULL;
	xmlSetStructuredErrorFunc(old_s_ctx, old_s);
	xmlSetGenericErrorFunc(old_g_ctx, old_g);
	if (r.security[0]) {
		ret = ap_error_set(err, AP_EINVALID, "%s", r.security);
		goto done;
	}
	if (res == NULL || ctxt->state != XSLT_STATE_OK) {
		ret = ap_error_set(err, AP_EINVALID, "the template failed: %s",
				   r.message[0] ? r.message : "no result");
		goto done;
	}
	if (xsltSaveResultToString(&text, &len, res, x->style) != 0) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory serialising the result");
		goto done;
	}
	/* an empty result is still a (NUL-terminated) buffer */
	if (ap_buf_add(out, len > 0 ? (const char *)text : "", len > 0 ? (size_t)len : 0) != AP_OK)
		ret = ap_error_set(err, AP_ENOMEM, "out of memory");
done:
	xmlFree(text);
	if (res)
		xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	return ret;
}
