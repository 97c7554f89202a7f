/* altinn-policy eval [<options>] <policy.xml> */
#include <stdlib.h>
#include <string.h>

#include "cli/evalcli.h"

struct eval_args {
	const char *semantics;
	const char *request;
	const char *format;
	struct ap_opt_args subjects, actions, resources, refs;
	int explain;
	struct ap_opt_args paths;
};

static int add_shortcuts(ap_req *req, enum ap_category cat,
			 const struct ap_opt_args *list, struct ap_error *err)
{
	size_t i;
	int ret;

	for (i = 0; i < list->count; i++)
		if ((ret = ap_req_add_shortcut(req, cat, list->items[i], err)) != AP_OK)
			return ret;
	return AP_OK;
}

/* The request from --request and the shortcuts. */
static int build_request(struct ap_cli *cli, const struct eval_args *a, ap_req **req)
{
	struct ap_error err = AP_ERROR_INIT;
	int ret;

	if (a->request)
		ret = ap_req_load_file(req, a->request, &err);
	else
		ret = ap_req_new(req, &err);
	if (ret == AP_OK)
		ret = add_shortcuts(*req, AP_CAT_SUBJECT, &a->subjects, &err);
	if (ret == AP_OK)
		ret = add_shortcuts(*req, AP_CAT_ACTION, &a->actions, &err);
	if (ret == AP_OK)
		ret = add_shortcuts(*req, AP_CAT_RESOURCE, &a->resources, &err);
	if (ret != AP_OK)
		return ap_cli_error(cli, "eval", &err);
	return AP_EXIT_OK;
}

/* One decision, or one per request of a MultiRequests object (a header
 * line before each in text, a JSON line {"request", "result"} each). */
static int decide_all(const ap_engine *engine, const ap_doc *doc, const ap_req *req,
		      int explain, int json, struct ap_buf *out)
{
	size_t i, n = ap_req_multi_count(req);
	int ret = AP_OK;

	for (i = 0; i < (n ? n : 1) && ret == AP_OK; i++) {
		struct ap_error err = AP_ERROR_INIT;
		struct ap_result res = AP_RESULT_INIT;
		const char *label = NULL;
		const struct ap_request *one = n ? ap_req_multi(req, i, &label) : ap_req_view(req);

		ret = ap_engine_decide(engine, one, explain ? AP_EVAL_EXPLAIN : 0, &res, &err);
		if (ret == AP_OK)
			ret = ap_result_format_labelled(&res, doc, label, json, out);
		ap_result_release(&res);
	}
	return ret;
}

int cmd_eval(struct ap_cli *cli, int argc, char **argv)
{
	struct eval_args a;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 0, "semantics", &a.semantics, "<name>",
		 "altinn (default: Altinn's current PDP), altinn-legacy, xacml"},
		{AP_OPT_VALUE, 'r', "request", &a.request, "<file>",
		 "the request: XACML JSON profile or XML <Request> ('-': standard input)"},
		{AP_OPT_LIST, 's', "subject", &a.subjects, "<id=value>",
		 "a subject attribute (repeatable; a bare value is a urn:altinn:rolecode)"},
		{AP_OPT_LIST, 'a', "action", &a.actions, "<value>",
		 "an action-id (repeatable; or id=value)"},
		{AP_OPT_LIST, 0, "resource", &a.resources, "<id=value>",
		 "a resource attribute (repeatable; a bare value is a urn:altinn:resource)"},
		{AP_OPT_LIST, 0, "ref", &a.refs, "<file>",
		 "a Policy or PolicySet that PolicyIdReference/PolicySetIdReference may name (xacml; repeatable)"},
		{AP_OPT_FLAG, 'e', "explain", &a.explain, NULL,
		 "show every rule: applicable, matched, and the Match that failed"},
		{AP_OPT_VALUE, 'f', "format", &a.format, "<format>", "text (default) or json"},
		{AP_OPT_ARGS, 0, NULL, &a.paths, "<policy.xml>", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};
	struct ap_buf out = AP_BUF_INIT;
	enum ap_semantics sem;
	ap_engine *engine = NULL;
	ap_doc *doc = NULL, **refs = NULL;
	size_t i;
	ap_req *req = NULL;
	int help, json, code;

	memset(&a, 0, sizeof(a));
	if (ap_opt_parse(opts, argc, argv, "eval", &help, cli->err) != 0) {
		code = AP_EXIT_USAGE;
		goto done;
	}
	if (help) {
		ap_opt_help(opts, "eval",
			    "Evaluate one request against a policy and print the decision and its\n"
			    "obligations. Exit 0 when a decision was made (whatever it is), 2 on\n"
			    "usage or input errors.",
			    cli->out);
		code = AP_EXIT_OK;
		goto done;
	}
	if (a.paths.count != 1) {
		fprintf(cli->err, "altinn-policy eval: give exactly one policy file\n"
				  "try 'altinn-policy eval --help'\n");
		code = AP_EXIT_USAGE;
		goto done;
	}
	if ((code = ap_cli_semantics(cli, "eval", a.semantics, &sem)) != AP_EXIT_OK ||
	    (code = ap_cli_text_or_json(cli, "eval", a.format, &json)) != AP_EXIT_OK)
		goto done;
	if (!a.request && !a.subjects.count && !a.actions.count && !a.resources.count) {
		fprintf(cli->err, "altinn-policy eval: no request: give --request or --subject/--action/--resource\n");
		code = AP_EXIT_USAGE;
		goto done;
	}
	if ((code = build_request(cli, &a, &req)) != AP_EXIT_OK)
		goto done;
	if ((code = ap_cli_load_engine(cli, "eval", a.paths.items[0], sem, &doc, &engine)) != AP_EXIT_OK)
		goto done;
	if (a.refs.count && (refs = calloc(a.refs.count, sizeof(*refs))) == NULL) {
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	for (i = 0; i < a.refs.count; i++) {
		struct ap_error err = AP_ERROR_INIT;

		if (ap_doc_load_file(&refs[i], a.refs.items[i], NULL, NULL, &err) != AP_OK ||
		    ap_engine_add_reference(engine, refs[i], &err) != AP_OK) {
			code = ap_cli_error(cli, "eval", &err);
			goto done;
		}
	}
	if (decide_all(engine, doc, req, a.explain, json, &out) != AP_OK) {
		fprintf(cli->err, "altinn-policy eval: out of memory\n");
		code = AP_EXIT_INTERNAL;
		goto done;
	}
	code = ap_cli_write(cli, &out);
done:
	ap_buf_release(&out);
	ap_engine_free(engine);
	ap_doc_free(doc);
	for (i = 0; refs && i < a.refs.count; i++)
		ap_doc_free(refs[i]);
	free(refs);
	free((void *)a.refs.items);
	ap_req_free(req);
	free((void *)a.subjects.items);
	free((void *)a.actions.items);
	free((void *)a.resources.items);
	free((void *)a.paths.items);
	return code;
}
