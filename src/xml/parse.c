/*
 * SAX2 loader.  Safe options only: XML_PARSE_NONET and XML_PARSE_BIG_LINES;
 * never NOENT, DTDLOAD, DTDATTR or HUGE.  A DOCTYPE is a problem; an entity
 * declaration stops the parse at once (no expansion can happen), so XXE and
 * billion-laughs documents end in microseconds.  libxml2's own limits stay
 * on (10 MB text/attribute values, depth 256); ours are tighter.
 *
 * Errors are captured per parser context through sax->serror (no global
 * handler), except libxml2's generic channel, silenced for this thread.
 *
 * Positions: libxml2 2.9 keeps lines only.  At the start-element callback
 * the input cursor is on the '>' or '/>' ending the start tag, so the '<'
 * is found by scanning back (attribute values cannot contain '<'); its byte
 * offset in the source is input->consumed + (p - input->base) when no
 * encoding conversion happens, and line and column (in characters) are
 * counted incrementally over our own copy of the source.
 */
#define _GNU_SOURCE /* memrchr */
#include "internal.h"
#include "xml/parse.h"
#include "xml/schema.h"
#include "policy/build.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <stdio.h>

#define AP_MAX_PROBLEMS_PER_DOC 20
#define AP_MAX_ATTRS 64

struct pos_tracker {
	size_t offset;     /* source offset already counted */
	uint32_t line;     /* line at offset */
	size_t line_start; /* offset of the first byte of that line */
};

struct parse_state {
	xmlParserCtxtPtr ctxt;
	struct ap_doc *doc;
	struct ap_builder builder;
	struct pos_tracker pos;
	int converted;     /* libxml2 transcodes: offsets are not ours */
	int stopped;
	int failed;        /* AP_ENOMEM seen */
	size_t nerrors;
};

/*
 * Ends the parse from inside a callback.  Not xmlStopParser: in libxml2
 * 2.9.14 it frees the input buffer that the parsing function which called
 * us is still reading (a use after free, seen under valgrind and ASan).
 * Turning SAX off and marking the end of input makes libxml2's loops
 * return with the buffer intact.
 */
static void stop(struct parse_state *st, int code)
{
	if (code == AP_ENOMEM)
		st->failed = 1;
	st->stopped = 1;
	st->ctxt->disableSAX = 1;
	st->ctxt->instate = XML_PARSER_EOF;
}

/* Line and column of a source offset (monotone calls are O(distance)). */
static void locate(struct parse_state *st, size_t off, uint32_t *line,
		   uint32_t *col)
{
	const char *s = st->doc->source;
	struct pos_tracker *t = &st->pos;
	size_t i;
	uint32_t c = 1;

	if (off > st->doc->source_len)
		off = st->doc->source_len;
	if (off < t->offset) {
		t->offset = 0;
		t->line = 1;
		t->line_start = 0;
	}
	for (i = t->offset; i < off;) {
		const char *nl = memchr(s + i, '\n', off - i);

		if (nl == NULL)
			break;
		t->line++;
		i = (size_t)(nl - s) + 1;
		t->line_start = i;
	}
	t->offset = off;
	i = t->line_start;
	/* a byte-order mark is not a column */
	if (i == 0 && st->doc->source_len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < off; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	*line = t->line;
	*col = c;
}

/* Position of the construct starting at p inside the parser's buffer. */
static struct ap_build_pos position_of(struct parse_state *st, const xmlChar *p)
{
	xmlParserInputPtr in = st->ctxt->input;
	struct ap_build_pos pos = {0, 0, 0};
	size_t off = (size_t)in->consumed + (size_t)(p - in->base);

	if (in->buf != NULL && in->buf->encoder != NULL)
		st->converted = 1;
	if (!st->converted) {
		pos.offset = (uint32_t)off;
		locate(st, off, &pos.line, &pos.col);
		return pos;
	}
	/* transcoded input: count back from libxml2's current line */
	{
		const xmlChar *q;
		int lines = 0;

		for (q = p; q < in->cur; q++)
			if (*q == '\n')
				lines++;
		pos.line = (uint32_t)(in->line - lines > 0 ? in->line - lines : 1);
		for (q = p; q > in->base && q[-1] != '\n'; q--)
			;
		for (pos.col = 1; q < p; q++)
			if ((*q & 0xC0) != 0x80)
				pos.col++;
		pos.offset = (uint32_t)off;
	}
	return pos;
}

static size_t current_offset(struct parse_state *st)
{
	xmlParserInputPtr in = st->ctxt->input;

	return (size_t)in->consumed + (size_t)(in->cur - in->base);
}

/* The last occurrence of pat (starting with '<') before the cursor. */
static const xmlChar *find_back(const xmlParserInputPtr in, const char *pat)
{
	size_t n = strlen(pat);
	const xmlChar *end = in->cur;

	while (end > in->base) {
		const xmlChar *p = memrchr(in->base, '<', (size_t)(end - in->base));

		if (p == NULL)
			break;
		if ((size_t)(in->end - p) >= n && memcmp(p, pat, n) == 0)
			return p;
		end = p;
	}
	return in->base;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **ns,
		     int nattrs, int ndefaulted, const xmlChar **attrs)
{
	struct parse_state *st = ud;
	struct ap_build_attr a[AP_MAX_ATTRS];
	xmlParserInputPtr in = st->ctxt->input;
	const xmlChar *lt;
	struct ap_build_pos pos;
	int i, ret, self_closing;

	(void)ndefaulted;
	if (st->stopped)
		return;
	if (nattrs > AP_MAX_ATTRS) {
		pos = position_of(st, find_back(in, "<"));
		if (ap_doc__add_problem(st->doc, AP_PROBLEM_TOO_LARGE, pos.line,
					pos.col, "more than 64 attributes on one element") != AP_OK)
			stop(st, AP_ENOMEM);
		else
			stop(st, AP_ETOOBIG);
		return;
	}
	for (i = 0; i < nattrs; i++) {
		a[i].name = (const char *)attrs[5 * i];
		a[i].prefix = (const char *)attrs[5 * i + 1];
		a[i].uri = (const char *)attrs[5 * i + 2];
		a[i].value = (const char *)attrs[5 * i + 3];
		a[i].value_len = (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]);
	}
	lt = find_back(in, "<");
	pos = position_of(st, lt);
	self_closing = in->cur[0] == '/';
	ret = ap_build__start(&st->builder, (const char *)local,
			      (const char *)prefix, (const char *)uri, a,
			      (size_t)nattrs, (const char *const *)ns,
			      (size_t)nns, pos,
			      (uint32_t)(current_offset(st) + (self_closing ? 2 : 1)),
			      self_closing);
	if (ret != AP_OK)
		stop(st, ret);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct parse_state *st = ud;

	(void)local;
	(void)prefix;
	(void)uri;
	if (st->stopped)
		return;
	if (ap_build__end(&st->builder, (uint32_t)current_offset(st)) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void on_text(void *ud, const xmlChar *s, int len)
{
	struct parse_state *st = ud;
	int ret;

	if (st->stopped)
		return;
	ret = ap_build__text(&st->builder, (const char *)s, (size_t)len);
	if (ret != AP_OK)
		stop(st, ret);
}

static void on_comment(void *ud, const xmlChar *value)
{
	struct parse_state *st = ud;
	struct ap_build_pos pos;

	if (st->stopped)
		return;
	pos = position_of(st, find_back(st->ctxt->input, "<!--"));
	if (ap_build__comment(&st->builder, (const char *)value, pos) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void on_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
	struct parse_state *st = ud;
	struct ap_build_pos pos;

	if (st->stopped)
		return;
	pos = position_of(st, find_back(st->ctxt->input, "<?"));
	if (ap_build__pi(&st->builder, (const char *)target, (const char *)data,
			 pos) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void add_problem_here(struct parse_state *st, enum ap_problem_kind kind,
			     const char *msg)
{
	struct ap_build_pos pos = position_of(st, find_back(st->ctxt->input, "<!"));

	if (ap_doc__add_problem(st->doc, kind, pos.line, pos.col, msg) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void on_internal_subset(void *ud, const xmlChar *name,
			       const xmlChar *external_id,
			       const xmlChar *system_id)
{
	struct parse_state *st = ud;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->doc->has_doctype = 1;
	add_problem_here(st, AP_PROBLEM_DOCTYPE,
			 "DOCTYPE declarations are not allowed in a policy: Altinn's parser prohibits DTDs");
}

static void on_entity_decl(void *ud, const xmlChar *name, int type,
			   const xmlChar *public_id, const xmlChar *system_id,
			   xmlChar *content)
{
	struct parse_state *st = ud;
	char msg[256];

	(void)type;
	(void)public_id;
	(void)content;
	snprintf(msg, sizeof(msg),
		 "entity declaration '%.64s'%s refused: entities are never expanded; parsing stopped",
		 (const char *)name, system_id ? " (external)" : "");
	add_problem_here(st, AP_PROBLEM_ENTITY, msg);
	stop(st, AP_ETOOBIG);
}

static void on_xml_error(void *ud, xmlErrorPtr e)
{
	struct parse_state *st;
	xmlParserCtxtPtr ctxt;
	char msg[512];
	size_t n;

	(void)ud;
	if (e == NULL || e->ctxt == NULL)
		return;
	ctxt = e->ctxt;
	st = ctxt->_private;
	if (st == NULL || e->level < XML_ERR_ERROR)
		return;
	if (e->domain != XML_FROM_PARSER && e->domain != XML_FROM_NAMESPACE &&
	    e->domain != XML_FROM_IO && e->domain != XML_FROM_I18N &&
	    e->domain != XML_FROM_MEMORY)
		return;
	if (st->stopped) /* what follows a stop is not about the input */
		return;
	if (st->nerrors++ >= AP_MAX_PROBLEMS_PER_DOC)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "not well-formed");
	/* messages start lowercase here; libxml2 capitalises some */
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (n = 0; msg[n] != '\0'; n++)
		if (msg[n] == '\n' || msg[n] == '\r')
			msg[n] = ' ';
	if (ap_doc__add_problem(st->doc, AP_PROBLEM_NOT_WELL_FORMED,
				e->line > 0 ? (uint32_t)e->line : 1,
				e->int2 > 0 ? (uint32_t)e->int2 : 1, msg) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void on_schema_error(void *cb, uint32_t line, uint32_t col,
			    const char *message)
{
	struct parse_state *st = cb;
	const struct ap_node *cur = st->builder.cur;

	if (st->nerrors++ >= AP_MAX_PROBLEMS_PER_DOC)
		return;
	/* libxml2 2.9 gives no position for SAX validation: the message is
	 * about the element being started or ended, which is ours too */
	if (line == 0 && cur != NULL) {
		line = cur->line;
		col = cur->col;
	} else if (col == 0 && cur != NULL && cur->line == line) {
		col = cur->col;
	}
	if (ap_doc__add_problem(st->doc, AP_PROBLEM_SCHEMA, line ? line : 1,
				col ? col : 1,
				message) != AP_OK)
		stop(st, AP_ENOMEM);
}

static void silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int is_utf8_declared(const char *enc)
{
	return enc == NULL || xmlStrcasecmp((const xmlChar *)enc, BAD_CAST "UTF-8") == 0 ||
	       xmlStrcasecmp((const xmlChar *)enc, BAD_CAST "UTF8") == 0 ||
	       xmlStrcasecmp((const xmlChar *)enc, BAD_CAST "US-ASCII") == 0 ||
	       xmlStrcasecmp((const xmlChar *)enc, BAD_CAST "ASCII") == 0;
}

void ap_xml__init(void)
{
	xmlInitParser();
}

int ap_xml__parse(struct ap_doc *doc, const struct ap_load_options *opts,
		  struct ap_error *err)
{
	xmlSAXHandler sax;
	struct parse_state st;
	struct ap_schema_run *run = NULL;
	xmlParserCtxtPtr ctxt = NULL;
	int ret = AP_OK;

	memset(&st, 0, sizeof(st));
	st.doc = doc;
	st.pos.line = 1;
	ap_build__init(&st.builder, doc, opts->max_depth);
	if (doc->source_len > (size_t)INT32_MAX) {
		ret = ap_doc__add_problem(doc, AP_PROBLEM_TOO_LARGE, 0, 0,
					  "file is larger than 2 GiB");
		goto done;
	}
	if (doc->source_len == 0) {
		ret = ap_doc__add_problem(doc, AP_PROBLEM_NOT_WELL_FORMED, 1, 1,
					  "the file is empty: a policy needs a <Policy> root element");
		if (ret != AP_OK)
			ret = ap_error_set(err, ret, "out of memory");
		goto done;
	}
	xmlSetGenericErrorFunc(NULL, silent_generic);
	ctxt = xmlCreateMemoryParserCtxt(doc->source, (int)doc->source_len);
	if (ctxt == NULL) {
		ret = ap_error_set(err, AP_ENOMEM, "out of memory creating a parser");
		goto done;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.ignorableWhitespace = on_text;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;
	sax.internalSubset = on_internal_subset;
	sax.entityDecl = on_entity_decl;
	sax.serror = on_xml_error;
	xmlFree(ctxt->sax);
	ctxt->sax = &sax;
	ctxt->userData = &st;
	ctxt->_private = &st;
	st.ctxt = ctxt;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	/* entity substitution stays off whatever the defaults say */
	ctxt->replaceEntities = 0;
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	if (opts->schema != NULL) {
		ret = ap_schema__plug(&run, opts->schema, &ctxt->sax,
				      &ctxt->userData, on_schema_error, &st, err);
		if (ret != AP_OK)
			goto done;
	}
	xmlParseDocument(ctxt);
	if (ctxt->input != NULL && ctxt->input->buf != NULL &&
	    ctxt->input->buf->encoder != NULL)
		st.converted = 1;
	if (st.converted || !is_utf8_declared((const char *)ctxt->encoding)) {
		doc->not_utf8 = 1;
		if (ap_doc__add_problem(doc, AP_PROBLEM_ENCODING, 1, 1,
					"file is not UTF-8") != AP_OK)
			st.failed = 1;
	}
	if (!st.stopped && !ctxt->wellFormed && doc->nproblems == 0 &&
	    ap_doc__add_problem(doc, AP_PROBLEM_NOT_WELL_FORMED, 1, 1,
				"document is not well-formed") != AP_OK)
		st.failed = 1;
	/* libxml2 takes a NUL byte for the end of the input; XML forbids it */
	if (!st.stopped && !st.converted && ctxt->wellFormed) {
		const char *nul = memchr(doc->source, '\0', doc->source_len);
		uint32_t line, col;

		if (nul != NULL) {
			locate(&st, (size_t)(nul - doc->source), &line, &col);
			if (ap_doc__add_problem(doc, AP_PROBLEM_NOT_WELL_FORMED, line, col,
						"NUL character (U+0000) is not allowed in XML") != AP_OK)
				st.failed = 1;
		}
	}
	if (st.failed)
		ret = ap_error_set(err, AP_ENOMEM, "out of memory parsing '%s'",
				   doc->name);
done:
	if (run != NULL)
		ap_schema__unplug(run);
	if (ctxt != NULL) {
		ctxt->sax = NULL; /* ours lives on the stack */
		/* libxml2 makes a scratch document to hold a DTD's entities */
		if (ctxt->myDoc != NULL) {
			xmlFreeDoc(ctxt->myDoc);
			ctxt->myDoc = NULL;
		}
		ctxt->_private = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	ap_build__release(&st.builder);
	return ret;
}
