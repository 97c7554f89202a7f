/* The caller-owned error object. */
#include "internal.h"

#include <stdio.h>

static void set_message(struct ap_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
}

int (ap_error_set)(struct ap_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->file[0] = '\0';
	err->line = err->col = 0;
	va_start(ap, fmt);
	set_message(err, fmt, ap);
	va_end(ap);
	return code;
}

int (ap_error_set_at)(struct ap_error *err, int code, const char *file,
		    uint32_t line, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	set_message(err, fmt, ap);
	va_end(ap);
	return code;
}

void ap_error_clear(struct ap_error *err)
{
	if (err == NULL)
		return;
	err->code = AP_OK;
	err->message[0] = '\0';
	err->file[0] = '\0';
	err->line = err->col = 0;
}
