/* altinn-policy auth check [<options>]: who the token says you are. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"
#include "cli/net/remote.h"

struct auth_args {
	struct ap_remote_args remote;
	const char *format;
	struct ap_opt_args rest;
};

static const char *claim(json_t *claims, const char *key)
{
	return json_string_value(json_object_get(claims, key));
}

/* The consumer organization number ("0192:<orgno>" in the consumer claim). */
static const char *consumer_orgno(json_t *claims)
{
	const char *id = claim(json_object_get(claims, "consumer"), "ID");
	const char *colon = id != NULL ? strchr(id, ':') : NULL;

	return colon != NULL ? colon + 1 : claim(claims, "urn:altinn:orgNumber");
}

/* Scopes among the publisher's three that the token lacks, into missing. */
static void missing_scopes(const char *have, char *missing, size_t cap)
{
	static const char *const need[] = {"altinn:resourceregistry/resource.write",
					   "altinn:resourceregistry/accesslist.write"};
	size_t i;

	missing[0] = '\0';
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		const char *p = have;
		size_t n = strlen(need[i]);
		int found = 0;

		while (p != NULL && (p = strstr(p, need[i])) != NULL) {
			if ((p == have || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ')) {
				found = 1;
				break;
			}
			p += n;
		}
		if (!found && strstr(have != NULL ? have : "", "altinn:resourceregistry/resource.admin") == NULL)
			snprintf(missing + strlen(missing), cap - strlen(missing), "%s%s", missing[0] ? " " : "", need[i]);
	}
}

static int report(struct ap_cli *cli, const struct ap_remote *r, json_t *claims, int json)
{
	const char *scope = claim(claims, "scope");
	json_t *exp = json_object_get(claims, "exp");
	long long now = (long long)time(NULL), e = json_is_number(exp) ? (long long)json_number_value(exp) : 0;
	char missing[256], when[64] = "unknown";
	int expired = e != 0 && e <= now;

	missing_scopes(scope, missing, sizeof(missing));
	if (e != 0) {
		time_t t = (time_t)e;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (json) {
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:b, s:s}", "registry", r->base_url,
				      "organizationNumber", consumer_orgno(claims), "org", claim(claims, "urn:altinn:org"),
				      "clientId", claim(claims, "client_id"), "scope", scope, "expires", when,
				      "expired", expired, "missingScopes", missing);
		char *txt = o != NULL ? json_dumps(o, JSON_INDENT(2)) : NULL;

		if (txt != NULL)
			fprintf(cli->out, "%s\n", txt);
		free(txt);
		json_decref(o);
	} else {
		fprintf(cli->out, "registry:      %s\n", r->base_url);
		fprintf(cli->out, "organization:  %s%s%s%s\n", consumer_orgno(claims) ? consumer_orgno(claims) : "(none)",
			claim(claims, "urn:altinn:org") ? " (" : "",
			claim(claims, "urn:altinn:org") ? claim(claims, "urn:altinn:org") : "",
			claim(claims, "urn:altinn:org") ? ")" : "");
		if (claim(claims, "client_id"))
			fprintf(cli->out, "client id:     %s\n", claim(claims, "client_id"));
		fprintf(cli->out, "scopes:        %s\n", scope ? scope : "(none)");
		fprintf(cli->out, "expires:       %s%s\n", when, expired ? " (expired)" : "");
		if (missing[0])
			fprintf(cli->out, "missing for publish: %s\n", missing);
	}
	return expired || missing[0] ? AP_EXIT_FINDINGS : AP_EXIT_OK;
}

int cmd_auth(struct ap_cli *cli, int argc, char **argv)
{
	struct auth_args a;
	struct ap_remote r;
	struct ap_error e = AP_ERROR_INIT;
	json_t *claims = NULL;
	int help = 0, code, json = 0;
	const struct ap_opt opts[] = {
		AP_REMOTE_OPTIONS(a.remote),
		{AP_OPT_VALUE, 'f', "format", &a.format, "<fmt>", "text (default) or json"},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};
	static const char summary[] =
		"Get a token the way publish does (Maskinporten and the exchange, or a given one) and show\n"
		"who it says you are and which scopes it carries.  The token itself is never printed.\n"
		"Exit codes: 0 usable for publish, 1 expired or missing a publish scope, 2 cannot get one.";

	memset(&a, 0, sizeof(a));
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			ap_opt_help(opts, "auth check", summary, cli->out);
			return AP_EXIT_OK;
		}
		fprintf(cli->err, "usage: altinn-policy auth check [<options>]\ntry 'altinn-policy auth --help'\n");
		return AP_EXIT_USAGE;
	}
	if (ap_opt_parse(opts, argc - 1, argv + 1, "auth check", &help, cli->err) != 0)
		return AP_EXIT_USAGE;
	if (help) {
		ap_opt_help(opts, "auth check", summary, cli->out);
		return AP_EXIT_OK;
	}
	if (a.format != NULL && strcmp(a.format, "json") != 0 && strcmp(a.format, "text") != 0) {
		fprintf(cli->err, "altinn-policy auth check: --format is text or json\n");
		return AP_EXIT_USAGE;
	}
	json = a.format != NULL && strcmp(a.format, "json") == 0;
	code = ap_remote_open(&r, &a.remote, ".", 1, cli, "auth check");
	if (code == AP_EXIT_OK) {
		if (ap_auth_claims(r.auth, &claims, &e) != AP_OK) {
			fprintf(cli->err, "altinn-policy auth check: %s\n", e.message);
			code = e.code == AP_ENOMEM ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
		} else {
			code = report(cli, &r, claims, json);
		}
	}
	json_decref(claims);
	ap_remote_close(&r);
	return code;
}
