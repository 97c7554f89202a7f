/*
 * Table-driven option parsing: each command declares its options as an
 * array of ap_opt bound to its own local variables; the same table prints
 * the usage line and the --help body.
 */
#ifndef AP_CLI_OPT_H
#define AP_CLI_OPT_H

#include <stdio.h>

enum ap_opt_type {
	AP_OPT_END = 0,
	AP_OPT_FLAG,   /* int *: set to 1 */
	AP_OPT_VALUE,  /* const char **: the option's argument */
	AP_OPT_ARGS,   /* positional arguments: struct ap_opt_args * */
	AP_OPT_LIST    /* repeatable value: struct ap_opt_args * (each use
			  appends; free items with free()) */
};

struct ap_opt_args {
	const char **items; /* borrowed from argv */
	size_t count;
};

struct ap_opt {
	enum ap_opt_type type;
	char short_name;        /* 0: none */
	const char *long_name;  /* NULL for AP_OPT_ARGS */
	void *dest;
	const char *value_name; /* "<name>" for VALUE and ARGS */
	const char *help;
};

/*
 * Parses argv[1..argc-1] (argv[0] is the command name).  Sets *help when
 * -h/--help is seen.  On a usage error prints the message and the
 * "try ..." hint to err and returns -1.  Positional arguments go to the
 * AP_OPT_ARGS entry (its items array is allocated; free with free()).
 */
int ap_opt_parse(const struct ap_opt *opts, int argc, char **argv,
		 const char *cmd, int *help, FILE *err);

/* Prints "usage: altinn-policy <cmd> [options] <args>" and the option
 * list, with summary as the first paragraph. */
void ap_opt_help(const struct ap_opt *opts, const char *cmd,
		 const char *summary, FILE *out);

#endif
