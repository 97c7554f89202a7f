/*
 * Generating policies and resource definitions from JSON parameter files
 * through XSLT 1.0 templates (docs/templates.md).
 *
 * A template is NAME.xsl with its parameter description NAME.schema.json
 * (a JSON Schema subset) beside it, found in a list of template
 * directories.  Parameters are checked in C against the description before
 * any XSLT runs; they then become an XML parameter document (a documented,
 * reversible mapping) that the stylesheet transforms.  The stylesheet runs
 * locked down: no file writing, no directory creation, no network, reads
 * only inside the template directories, EXSLT's pure functions only.
 *
 * A compiled template is read-only once opened: one template may serve
 * several threads (each call to ap_gen_render is independent).
 */
#ifndef ALTINN_POLICY_GENERATE_H
#define ALTINN_POLICY_GENERATE_H

#include "altinn-policy/common.h"
#include "altinn-policy/lint.h"

struct json_t;

/* What a template produces. */
enum ap_gen_output {
	AP_GEN_OUTPUT_POLICY = 0, /* an XACML policy, linted after rendering */
	AP_GEN_OUTPUT_JSON        /* a JSON document (resource.json), parsed
				     after rendering */
};

/* Limits on untrusted input. */
#define AP_GEN_MAX_PARAMS_FILE ((size_t)256 << 20) /* bytes */
#define AP_GEN_MAX_DEPTH 32          /* nesting of parameter values */
#define AP_GEN_MAX_TEMPLATE_DEPTH 500 /* xsl:template recursion */

/* One template as discovered (strings borrowed from the catalog). */
struct ap_gen_template_info {
	const char *name;        /* "correspondence" */
	const char *dir;         /* the template directory it was found in */
	const char *stylesheet;  /* DIR/NAME.xsl */
	const char *schema;      /* DIR/NAME.schema.json */
	const char *example;     /* DIR/NAME.example.json, or NULL */
	const char *title;       /* the description's "title", or "" */
};

typedef struct ap_gen_catalog ap_gen_catalog;
typedef struct ap_gen_template ap_gen_template;

/*
 * Finds the templates of dirs (searched in order: a name found in an
 * earlier directory hides the same name in a later one, so a team's
 * directory listed first overrides a built-in template).  The strings are
 * copied.  Errors: AP_EIO (a directory cannot be read: err names it),
 * AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_catalog_new(ap_gen_catalog **out,
				    const char *const *dirs, size_t ndirs,
				    struct ap_error *err);
/* Accepts NULL. */
void ap_gen_catalog_free(ap_gen_catalog *c);
/* Number of templates, sorted by name. */
size_t ap_gen_catalog_count(const ap_gen_catalog *c);
/* Template i (0 <= i < count); borrowed, valid until the catalog is
 * freed. */
const struct ap_gen_template_info *ap_gen_catalog_at(const ap_gen_catalog *c,
						     size_t i);
/* The template of that name, or NULL. */
const struct ap_gen_template_info *ap_gen_catalog_find(const ap_gen_catalog *c,
						       const char *name);

/*
 * Loads the parameter description and compiles the stylesheet of template
 * name (caller owns *out, ap_gen_template_free).  The catalog must outlive
 * the template.  Errors: AP_ENOTFOUND (no such template), AP_EPARSE (the
 * description or stylesheet is broken: err has file:line:col where known),
 * AP_EINVALID (the stylesheet breaks the security policy while compiling,
 * e.g. imports from outside the template directories or over the network),
 * AP_EIO, AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_template_open(ap_gen_template **out,
				      const ap_gen_catalog *c,
				      const char *name, struct ap_error *err);
/* Accepts NULL. */
void ap_gen_template_free(ap_gen_template *t);
/* The template's catalog entry (borrowed). */
const struct ap_gen_template_info *ap_gen_template_info(const ap_gen_template *t);
/* What it produces. */
enum ap_gen_output ap_gen_template_output(const ap_gen_template *t);
/* The lint profile its policies are checked with (from the description's
 * "x-altinn-policy": {"profile": ...}; correspondence when unset). */
enum ap_profile ap_gen_template_profile(const ap_gen_template *t);
/* The default output file name pattern ("{identifier}/policy.xml"). */
const char *ap_gen_template_pattern(const ap_gen_template *t);
/* The parameter description (borrowed jansson value). */
const struct json_t *ap_gen_template_schema(const ap_gen_template *t);

/*
 * Appends a readable description of the template's parameters to out:
 * one line per parameter (dotted path, type, required or default, allowed
 * values, description).  AP_OK or AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_template_describe(const ap_gen_template *t,
					  struct ap_buf *out);

/*
 * A parameter file: one JSON object, a JSON array of objects, or JSON
 * Lines (one object per line).  The source text is kept so that problems
 * are reported with the file's line and column.
 */
typedef struct ap_gen_params ap_gen_params;

/*
 * Reads path ("-": standard input; name is what to call it then, NULL for
 * "<stdin>").  Errors: AP_EIO, AP_ETOOBIG, AP_EPARSE (not JSON: err has
 * file:line:col of the syntax error; or an item that is not an object),
 * AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_params_load(ap_gen_params **out, const char *path,
				    const char *name, struct ap_error *err);
/* Same for a buffer (copied); name is the file name to report. */
AP_NODISCARD int ap_gen_params_parse(ap_gen_params **out, const char *name,
				     const char *buf, size_t len,
				     struct ap_error *err);
/* Accepts NULL. */
void ap_gen_params_free(ap_gen_params *p);
/* Number of parameter objects (1 for a single object). */
size_t ap_gen_params_count(const ap_gen_params *p);
/* Object i (borrowed; ap_gen_params_check may add defaults to it). */
struct json_t *ap_gen_params_at(const ap_gen_params *p, size_t i);
/* The file name problems are reported against (borrowed). */
const char *ap_gen_params_name(const ap_gen_params *p);

/*
 * Applies one "--set key=value" override to every object: key is a dotted
 * path (a.b.0.c; numbers index arrays, an index equal to the length
 * appends); value is JSON when it parses as JSON and the description does
 * not make that key a string, else the text itself.  Overridden values are
 * checked like the rest, and problems with them are reported against
 * "--set KEY".  Errors: AP_EINVALID (no '=', empty key, a path through a
 * value that is not an object or array), AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_params_set(ap_gen_params *p, const ap_gen_template *t,
				   const char *assignment, struct ap_error *err);

/*
 * Checks object i against the template's description, fills in defaults,
 * and appends one finding per problem to out (rule id "params", severity
 * error, file:line:col in the parameter file, or "--set KEY").  Returns
 * AP_OK however many problems there are; AP_ENOMEM otherwise.
 */
AP_NODISCARD int ap_gen_params_check(ap_gen_params *p, size_t i,
				     const ap_gen_template *t,
				     struct ap_diag_list *out,
				     struct ap_error *err);

/*
 * The XML parameter document of a checked parameter object, as text (the
 * document the stylesheet sees; docs/templates.md describes the mapping).
 * Errors: AP_EINVALID (a value XML cannot carry, such as a control
 * character, or nesting over AP_GEN_MAX_DEPTH), AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_params_xml(const struct json_t *params,
				   struct ap_buf *out, struct ap_error *err);

/*
 * The reverse of the mapping: the JSON value of an XML parameter document
 * (caller owns *out, json_decref).  Errors: AP_EPARSE (not a parameter
 * document), AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_params_from_xml(struct json_t **out, const char *xml,
					size_t len, struct ap_error *err);

/*
 * Renders one checked parameter object with the template and appends the
 * canonical bytes to out.  A stylesheet that tries to write a file, create
 * a directory, use the network or read outside the template directories
 * fails with AP_EINVALID and a message starting "security:"; xsl:message
 * terminate="yes" and runaway recursion fail with AP_EINVALID too.
 * Errors also: AP_ENOMEM, AP_EINTERNAL.  Thread-safe for a shared t.
 */
AP_NODISCARD int ap_gen_render(const ap_gen_template *t,
			       const struct json_t *params, struct ap_buf *out,
			       struct ap_error *err);

/*
 * Checks rendered output: a policy is linted with linter (its profile
 * should be ap_gen_template_profile(t)) under name, findings appended to
 * diags; JSON output must parse as a JSON object (a finding of rule id
 * "output" otherwise).  Errors: AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_check_output(const ap_gen_template *t,
				     const ap_linter *linter, const char *name,
				     const char *buf, size_t len,
				     struct ap_diag_list *diags,
				     struct ap_error *err);

/*
 * Expands an output name pattern with a parameter object: each {key} (a
 * dotted path) becomes that string or number value.  Values holding '/',
 * "..", a leading '.' or control characters are refused (AP_EINVALID), so
 * that a parameter cannot steer a file outside the output directory.
 * Errors: AP_EINVALID (unknown key, bad value, unbalanced brace),
 * AP_ENOMEM.
 */
AP_NODISCARD int ap_gen_expand_pattern(const char *pattern,
				       const struct json_t *params,
				       struct ap_buf *out,
				       struct ap_error *err);

#endif
