/* Format table, counts and the summary line. */
#include "internal.h"
#include "report/report_int.h"

#include "altinn-policy/version.h"

/* Every format, in the order of enum ap_report_format. */
static const struct ap_report_fmt *const formats[] = {
	&ap_report_fmt_text,
	&ap_report_fmt_gcc,
	&ap_report_fmt_json,
	&ap_report_fmt_sarif,
	&ap_report_fmt_github,
	&ap_report_fmt_junit,
	&ap_report_fmt_checkstyle,
};

static const struct ap_report_fmt *find_format(enum ap_report_format f)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i]->format == f)
			return formats[i];
	return NULL;
}

int ap_report_format_parse(enum ap_report_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		if (strcmp(formats[i]->name, name) == 0) {
			*out = formats[i]->format;
			return AP_OK;
		}
	}
	return AP_EINVALID;
}

const char *ap_report_format_name(enum ap_report_format f)
{
	const struct ap_report_fmt *fmt = find_format(f);

	return fmt ? fmt->name : "?";
}

int ap_reporter_new(ap_reporter **out, const struct ap_report_options *opts)
{
	const struct ap_report_fmt *fmt = find_format(opts->format);
	struct ap_reporter *r;

	*out = NULL;
	if (fmt == NULL)
		return AP_EINVALID;
	r = ap_calloc(1, sizeof(*r));
	if (r == NULL)
		return AP_ENOMEM;
	r->opts = *opts;
	if (r->opts.tool_version == NULL)
		r->opts.tool_version = ap_version();
	r->fmt = fmt;
	*out = r;
	return AP_OK;
}

void ap_reporter_free(ap_reporter *r)
{
	if (r == NULL)
		return;
	ap_buf_release(&r->held);
	ap_free(r);
}

int ap_reporter_begin(ap_reporter *r, struct ap_buf *out)
{
	return r->fmt->begin ? r->fmt->begin(r, out) : AP_OK;
}

int ap_reporter_file(ap_reporter *r, const char *file,
		     const struct ap_diag_list *l, struct ap_buf *out)
{
	int ret = r->fmt->file ? r->fmt->file(r, file, l, out) : AP_OK;

	r->files++;
	r->findings += l->count;
	if (l->count)
		r->files_with_findings++;
	return ret;
}

int ap_reporter_end(ap_reporter *r, const struct ap_report_counts *c,
		    struct ap_buf *out)
{
	return r->fmt->end ? r->fmt->end(r, c, out) : AP_OK;
}

int ap_report_write(enum ap_report_format fmt, const struct ap_diag_list *l,
		    struct ap_buf *out)
{
	struct ap_report_options o = AP_REPORT_OPTIONS_INIT;
	struct ap_diag_list one = AP_DIAG_LIST_INIT;
	struct ap_report_counts c;
	ap_reporter *r = NULL;
	size_t i, start = 0;
	int ret;

	memset(&c, 0, sizeof(c));
	o.format = fmt;
	ret = ap_reporter_new(&r, &o);
	if (ret != AP_OK)
		return ret;
	ap_report_count(&c, l);
	ret = ap_reporter_begin(r, out);
	/* a borrowed view of each run of one file's findings */
	for (i = 1; ret == AP_OK && i <= l->count; i++) {
		if (i < l->count && strcmp(l->items[i].file, l->items[start].file) == 0)
			continue;
		one.items = l->items + start;
		one.count = i - start;
		ret = ap_reporter_file(r, l->items[start].file, &one, out);
		c.files_checked++;
		start = i;
	}
	if (ret == AP_OK)
		ret = ap_reporter_end(r, &c, out);
	ap_reporter_free(r);
	return ret;
}

void ap_report_count(struct ap_report_counts *c, const struct ap_diag_list *l)
{
	const char *last = NULL;
	size_t i;

	for (i = 0; i < l->count; i++) {
		const struct ap_diag *d = &l->items[i];

		if (d->severity == AP_SEV_ERROR)
			c->errors++;
		else if (d->severity == AP_SEV_WARNING)
			c->warnings++;
		else if (d->severity == AP_SEV_INFO)
			c->infos++;
		if (last == NULL || strcmp(last, d->file) != 0)
			c->files_with_findings++;
		last = d->file;
	}
}

static int plural(struct ap_buf *out, size_t n, const char *word, int *first)
{
	int ret = ap_buf_addf(out, "%s%zu %s%s", *first ? "" : ", ", n, word,
			      n == 1 ? "" : "s");

	*first = 0;
	return ret;
}

int ap_report_summary(const struct ap_report_counts *c, struct ap_buf *out)
{
	int first = 1, ret = AP_OK;

	if (c->errors + c->warnings + c->infos == 0)
		return ap_buf_addf(out, "no findings in %zu file%s", c->files_checked,
				   c->files_checked == 1 ? "" : "s");
	if (c->errors && (ret = plural(out, c->errors, "error", &first)) != AP_OK)
		return ret;
	if (c->warnings && (ret = plural(out, c->warnings, "warning", &first)) != AP_OK)
		return ret;
	if (c->infos && (ret = plural(out, c->infos, "info", &first)) != AP_OK)
		return ret;
	return ap_buf_addf(out, " in %zu of %zu file%s", c->files_with_findings,
			   c->files_checked, c->files_checked == 1 ? "" : "s");
}
