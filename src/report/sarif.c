/*
 * SARIF 2.1.0 as GitHub code scanning takes it (docs/formats.md): one run,
 * the full rule table in tool.driver.rules, one result per finding,
 * columns in Unicode code points.  Streamed like the json format: the
 * head with the rule table at begin, results as they come, the closing
 * brackets at end.
 */
#include "internal.h"
#include "report/escape.h"
#include "report/report_int.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *level(enum ap_severity s)
{
	switch (s) {
	case AP_SEV_ERROR:
		return "error";
	case AP_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/*
 * The rule's documentation page (Markdown), or NULL.  The only place the
 * format asks for it: help.markdown, and help.text when there is one.
 */
static const char *rule_page(const char *id)
{
	return ap_rule_page(id);
}

static json_t *text_obj(const char *s)
{
	return json_pack("{s:o}", "text", ap_report__json_str(s));
}

static json_t *rule_obj(const struct ap_rule_info *ri)
{
	struct ap_buf full = AP_BUF_INIT;
	const char *page = rule_page(ri->id);
	/* GitHub refuses empty descriptions: fall back on the id */
	const char *summary = ri->summary && ri->summary[0] ? ri->summary : ri->id;
	const char *name = ri->name && ri->name[0] ? ri->name : ri->id;
	json_t *rule = NULL, *help;

	if (ri->source && ri->source[0]) {
		if (ap_buf_addf(&full, "%s (source: %s)", summary, ri->source) != AP_OK)
			goto done;
	} else if (ap_buf_adds(&full, summary) != AP_OK) {
		goto done;
	}
	/* CodeQL's convention: the Markdown page as text and as markdown */
	if (page)
		help = json_pack("{s:o, s:o}", "text", ap_report__json_str(page),
				 "markdown", ap_report__json_str(page));
	else
		help = text_obj(summary);
	rule = json_pack("{s:s, s:s, s:o, s:o, s:o, s:{s:s}}", "id", ri->id,
			 "name", name, "shortDescription", text_obj(summary),
			 "fullDescription", text_obj(full.ptr), "help", help,
			 "defaultConfiguration", "level", level(ri->severity));
done:
	ap_buf_release(&full);
	return rule;
}

static int sarif_begin(ap_reporter *r, struct ap_buf *out)
{
	json_t *driver = NULL, *rules;
	struct ap_rule_info ri;
	int ret = AP_ENOMEM;
	size_t i;

	rules = json_array();
	if (rules == NULL)
		return AP_ENOMEM;
	driver = json_pack("{s:s, s:o, s:o}", "name", "altinn-policy", "version",
			   ap_report__json_str(r->opts.tool_version), "rules", rules);
	if (driver == NULL)
		return AP_ENOMEM; /* json_pack consumed rules */
	for (i = 0; ap_rule_at(i, &ri) == AP_OK; i++) {
		json_t *rule = rule_obj(&ri);

		if (rule == NULL || json_array_append_new(rules, rule) != 0)
			goto done;
	}
	if (ap_buf_adds(out, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\","
			     "\"runs\":[{\"tool\":{\"driver\":") == AP_OK &&
	    ap_report__json_dump(out, driver) == AP_OK &&
	    ap_buf_adds(out, "},\"columnKind\":\"unicodeCodePoints\",\"results\":[") == AP_OK)
		ret = AP_OK;
done:
	json_decref(driver);
	return ret;
}

/* Index of the rule in the driver's rule table (sorted by id), or -1. */
static json_int_t rule_index(const char *id)
{
	size_t lo = 0, hi = ap_rule_count();
	struct ap_rule_info ri;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c;

		if (ap_rule_at(mid, &ri) != AP_OK)
			return -1;
		c = strcmp(id, ri.id);
		if (c == 0)
			return (json_int_t)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* One result, written directly (per finding: no jansson values). */
static int write_result(struct ap_buf *out, const struct ap_diag *d)
{
	struct ap_buf uri = AP_BUF_INIT;
	json_int_t idx = rule_index(d->rule_id);
	int ret = AP_ENOMEM;

	if (ap_report__uri_path(&uri, d->file) != AP_OK ||
	    ap_buf_adds(out, "{\"ruleId\":") != AP_OK ||
	    ap_report__json_quote(out, d->rule_id) != AP_OK ||
	    (idx >= 0 && ap_buf_addf(out, ",\"ruleIndex\":%lld", (long long)idx) != AP_OK) ||
	    ap_buf_addf(out, ",\"level\":\"%s\",\"message\":{\"text\":", level(d->severity)) != AP_OK ||
	    ap_report__json_quote(out, d->message) != AP_OK ||
	    ap_buf_adds(out, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":") != AP_OK ||
	    ap_report__json_quote(out, uri.ptr ? uri.ptr : "") != AP_OK ||
	    ap_buf_addch(out, '}') != AP_OK)
		goto done;
	/* line 0: the whole file, no region */
	if (d->line > 0 &&
	    (d->col > 0 ? ap_buf_addf(out, ",\"region\":{\"startLine\":%u,\"startColumn\":%u}",
				   (unsigned)d->line, (unsigned)d->col)
			: ap_buf_addf(out, ",\"region\":{\"startLine\":%u}", (unsigned)d->line)) != AP_OK)
		goto done;
	if (ap_buf_adds(out, "}}]}") != AP_OK)
		goto done;
	ret = AP_OK;
done:
	ap_buf_release(&uri);
	return ret;
}

static int sarif_file(ap_reporter *r, const char *file,
		      const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	(void)file;
	for (i = 0; i < l->count; i++)
		if (ap_buf_adds(out, r->findings + i ? ",\n" : "\n") != AP_OK ||
		    write_result(out, &l->items[i]) != AP_OK)
			return AP_ENOMEM;
	return AP_OK;
}

static int sarif_end(ap_reporter *r, const struct ap_report_counts *c,
		     struct ap_buf *out)
{
	(void)c;
	return ap_buf_adds(out, r->findings ? "\n]}]}\n" : "]}]}\n");
}

const struct ap_report_fmt ap_report_fmt_sarif = {
	"sarif", AP_REPORT_SARIF, sarif_begin, sarif_file, sarif_end,
};
