/* Format table, counts and the summary line. */
#include "internal.h"
#include "report/report_int.h"

struct format {
	const char *name;
	enum ap_report_format fmt;
	int (*write)(const struct ap_diag_list *l, struct ap_buf *out);
};

static const struct format formats[] = {
	{"gcc", AP_REPORT_GCC, ap_report__gcc},
};

int ap_report_format_parse(enum ap_report_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		if (strcmp(formats[i].name, name) == 0) {
			*out = formats[i].fmt;
			return AP_OK;
		}
	}
	return AP_EINVALID;
}

int ap_report_write(enum ap_report_format fmt, const struct ap_diag_list *l,
		    struct ap_buf *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].fmt == fmt)
			return formats[i].write(l, out);
	return AP_EINVALID;
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
