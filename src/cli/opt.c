/* The option parser behind every command's table. */
#include "cli/opt.h"

#include <stdlib.h>
#include <string.h>

static const struct ap_opt *find_long(const struct ap_opt *o, const char *name,
				      size_t len)
{
	for (; o->type != AP_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    strncmp(o->long_name, name, len) == 0)
			return o;
	return NULL;
}

static const struct ap_opt *find_short(const struct ap_opt *o, char c)
{
	for (; o->type != AP_OPT_END; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static const struct ap_opt *find_args(const struct ap_opt *o)
{
	for (; o->type != AP_OPT_END; o++)
		if (o->type == AP_OPT_ARGS)
			return o;
	return NULL;
}

static int usage_error(FILE *err, const char *cmd, const char *fmt,
		       const char *what)
{
	fprintf(err, "altinn-policy %s: ", cmd);
	fprintf(err, fmt, what);
	fprintf(err, "\ntry 'altinn-policy %s --help'\n", cmd);
	return -1;
}

static int add_positional(const struct ap_opt *a, const char *arg)
{
	struct ap_opt_args *args = a->dest;
	const char **p = realloc((void *)args->items,
				 (args->count + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	p[args->count++] = arg;
	args->items = p;
	return 0;
}

int ap_opt_parse(const struct ap_opt *opts, int argc, char **argv,
		 const char *cmd, int *help, FILE *err)
{
	const struct ap_opt *args = find_args(opts);
	int i, only_args = 0;

	*help = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct ap_opt *o = NULL;
		const char *value = NULL;

		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			if (args == NULL)
				return usage_error(err, cmd, "unexpected argument '%s'", a);
			if (add_positional(args, a) != 0)
				return usage_error(err, cmd, "%s", "out of memory");
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			*help = 1;
			return 0;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (eq)
				value = eq + 1;
		} else {
			o = find_short(opts, a[1]);
			if (o && a[2] != '\0')
				value = a + 2;
		}
		if (o == NULL)
			return usage_error(err, cmd, "unknown option '%s'", a);
		if (o->type == AP_OPT_FLAG) {
			if (value != NULL)
				return usage_error(err, cmd, "option '%s' takes no value", a);
			*(int *)o->dest = 1;
			continue;
		}
		if (value == NULL) {
			if (i + 1 >= argc)
				return usage_error(err, cmd, "option '%s' needs a value", a);
			value = argv[++i];
		}
		if (o->type == AP_OPT_LIST) {
			if (add_positional(o, value) != 0)
				return usage_error(err, cmd, "%s", "out of memory");
			continue;
		}
		*(const char **)o->dest = value;
	}
	return 0;
}

void ap_opt_help(const struct ap_opt *opts, const char *cmd,
		 const char *summary, FILE *out)
{
	const struct ap_opt *o, *args = find_args(opts);

	fprintf(out, "usage: altinn-policy %s [<options>]%s%s\n\n%s\n\noptions:\n",
		cmd, args ? " " : "", args ? args->value_name : "", summary);
	for (o = opts; o->type != AP_OPT_END; o++) {
		char left[64];

		if (o->type == AP_OPT_ARGS)
			continue;
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
				 o->long_name, o->type >= AP_OPT_VALUE ? " " : "",
				 o->type >= AP_OPT_VALUE ? o->value_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->long_name,
				 o->type >= AP_OPT_VALUE ? " " : "",
				 o->type >= AP_OPT_VALUE ? o->value_name : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
}
