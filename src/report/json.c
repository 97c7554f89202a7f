/*
 * One JSON document (docs/formats.md, schemas/findings.schema.json),
 * streamed: the head at begin, one element of "files" per file (each
 * file object on a line of its own), the summary at end.
 *
 *	{"version":1,"tool":{"name":"altinn-policy","version":"0.1.0"},"files":[
 *	{"file":"a.xml","findings":[{"ruleId":"AX-S003",...}]},
 *	{"file":"b.xml","findings":[]}
 *	],"summary":{"errors":1,...}}
 */
#include "internal.h"
#include "report/escape.h"
#include "report/report_int.h"

/* Format version: bump when a field changes meaning or goes away. */
#define JSON_FORMAT_VERSION 1

static int json_begin(ap_reporter *r, struct ap_buf *out)
{
	json_t *tool;
	int ret = AP_ENOMEM;

	tool = json_pack("{s:s, s:o}", "name", "altinn-policy", "version",
			 ap_report__json_str(r->opts.tool_version));
	if (tool == NULL)
		return AP_ENOMEM;
	if (ap_buf_addf(out, "{\"version\":%d,\"tool\":", JSON_FORMAT_VERSION) == AP_OK &&
	    ap_report__json_dump(out, tool) == AP_OK &&
	    ap_buf_adds(out, ",\"files\":[") == AP_OK)
		ret = AP_OK;
	json_decref(tool);
	return ret;
}

/* One file object, written directly (per file: no jansson values). */
static int json_file(ap_reporter *r, const char *file,
		     const struct ap_diag_list *l, struct ap_buf *out)
{
	size_t i;

	if (ap_buf_adds(out, r->files ? ",\n{\"file\":" : "\n{\"file\":") != AP_OK ||
	    ap_report__json_quote(out, file) != AP_OK ||
	    ap_buf_adds(out, ",\"findings\":[") != AP_OK)
		return AP_ENOMEM;
	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		if (ap_buf_adds(out, i ? ",{\"ruleId\":" : "{\"ruleId\":") != AP_OK ||
		    ap_report__json_quote(out, d->rule_id) != AP_OK ||
		    ap_buf_addf(out, ",\"severity\":\"%s\",\"line\":%u,\"column\":%u,\"message\":",
				ap_severity_name(d->severity), (unsigned)d->line,
				(unsigned)d->col) != AP_OK ||
		    ap_report__json_quote(out, d->message) != AP_OK ||
		    ap_buf_addch(out, '}') != AP_OK)
			return AP_ENOMEM;
	}
	return ap_buf_adds(out, "]}");
}

static int json_end(ap_reporter *r, const struct ap_report_counts *c,
		    struct ap_buf *out)
{
	json_t *summary;
	int ret = AP_ENOMEM;

	summary = json_pack("{s:I, s:I, s:I, s:I, s:I}", "errors",
			    (json_int_t)c->errors, "warnings", (json_int_t)c->warnings,
			    "infos", (json_int_t)c->infos, "filesChecked",
			    (json_int_t)c->files_checked, "filesWithFindings",
			    (json_int_t)c->files_with_findings);
	if (summary == NULL)
		return AP_ENOMEM;
	if (ap_buf_adds(out, r->files ? "\n],\"summary\":" : "],\"summary\":") == AP_OK &&
	    ap_report__json_dump(out, summary) == AP_OK &&
	    ap_buf_adds(out, "}\n") == AP_OK)
		ret = AP_OK;
	json_decref(summary);
	return ret;
}

const struct ap_report_fmt ap_report_fmt_json = {
	"json", AP_REPORT_JSON, json_begin, json_file, json_end,
};
