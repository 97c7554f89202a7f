/* Settings, credentials and the engine for publish and auth. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "altinn-policy/publish.h"
#include "cli/net/remote.h"

/* A string setting of the config's "publish" section, or NULL. */
static const char *setting(const struct ap_remote *r, const char *key)
{
	return json_string_value(json_object_get(r->settings, key));
}

static int fail(struct ap_cli *cli, const char *cmd, const char *msg)
{
	fprintf(cli->err, "altinn-policy %s: %s\n", cmd, msg);
	return AP_EXIT_USAGE;
}

static int check_settings(const struct ap_remote *r, struct ap_cli *cli, const char *cmd)
{
	static const char *const known[] = {"environment", "baseUrl", "clientId", "key", "kid", "scopes",
					    "maskinportenUrl", "tokenEnv", "subscriptionKeyEnv"};
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(r->settings, k, v) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]) && strcmp(known[i], k) != 0; i++)
			;
		if (i == sizeof(known) / sizeof(known[0]) || !json_is_string(v)) {
			fprintf(cli->err, "altinn-policy %s: %s: \"publish\".\"%s\": %s\n", cmd, ap_config_path(r->config), k,
				i == sizeof(known) / sizeof(known[0]) ? "unknown setting (see docs/publish.md)"
									: "must be a string");
			return AP_EXIT_USAGE;
		}
	}
	return AP_EXIT_OK;
}

static int load_config(struct ap_remote *r, const struct ap_remote_args *a,
		       const char *start_dir, struct ap_cli *cli, const char *cmd)
{
	struct ap_error e = AP_ERROR_INIT;
	char *found = NULL;
	char probe[4096];
	const char *slash;

	if (a->config != NULL) {
		found = strdup(a->config);
	} else {
		snprintf(probe, sizeof(probe), "%s/%s", start_dir, AP_CONFIG_NAME);
		if (ap_config_find(&found, probe) != AP_OK)
			return fail(cli, cmd, "out of memory");
	}
	if (found == NULL)
		return AP_EXIT_OK;
	if (ap_config_load(&r->config, found, &e) != AP_OK) {
		free(found);
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		return AP_EXIT_USAGE;
	}
	slash = strrchr(found, '/');
	r->config_dir = slash != NULL ? strndup(found, (size_t)(slash - found)) : strdup(".");
	free(found);
	if (r->config_dir == NULL)
		return fail(cli, cmd, "out of memory");
	{
		/* the lint loader checked it is an object; the keys are ours */
		json_t *root = NULL;
		json_error_t je;

		root = json_load_file(ap_config_path(r->config), 0, &je);
		r->settings = json_incref(json_object_get(root, "publish"));
		json_decref(root);
	}
	return check_settings(r, cli, cmd);
}

static long number(const char *s, long min, long max, long dflt, int *bad)
{
	char *end;
	long v;

	if (s == NULL)
		return dflt;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		*bad = 1;
	return v;
}

static void wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* An environment variable's value (copied: a secret), or NULL. */
static char *secret_env(const char *name)
{
	const char *v = name != NULL ? getenv(name) : NULL;

	return v != NULL && *v ? strdup(v) : NULL;
}

static int make_auth(struct ap_remote *r, const struct ap_remote_args *a,
		     const struct ap_publish_env *env, struct ap_cli *cli, const char *cmd)
{
	struct ap_auth_options o = {0};
	struct ap_error e = AP_ERROR_INIT;
	char *token = NULL, keypath[4096], exchange[2048];
	const char *token_env = setting(r, "tokenEnv") ? setting(r, "tokenEnv") : "ALTINN_TOKEN";
	int rc;

	o.client_id = a->client_id ? a->client_id : setting(r, "clientId");
	if (a->token_file != NULL) {
		if (ap_auth_read_token_file(&token, a->token_file, &e) != AP_OK) {
			fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
			return AP_EXIT_USAGE;
		}
	} else if (o.client_id == NULL) {
		token = secret_env(token_env);
	}
	o.token = token;
	o.kid = a->kid ? a->kid : setting(r, "kid");
	o.scopes = a->scopes ? a->scopes : setting(r, "scopes");
	o.maskinporten = a->maskinporten_url ? a->maskinporten_url
		       : setting(r, "maskinportenUrl") ? setting(r, "maskinportenUrl")
		       : env != NULL ? env->maskinporten : NULL;
	if (a->key != NULL) {
		o.key_path = a->key;
	} else if (setting(r, "key") != NULL) {
		const char *k = setting(r, "key");

		snprintf(keypath, sizeof(keypath), "%s%s%s", k[0] == '/' ? "" : r->config_dir, k[0] == '/' ? "" : "/", k);
		o.key_path = keypath;
	}
	snprintf(exchange, sizeof(exchange), "%s/authentication/api/v1/exchange/maskinporten", r->base_url);
	o.exchange_url = exchange;
	if (token == NULL && o.client_id != NULL && o.maskinporten == NULL)
		return fail(cli, cmd, "--maskinporten-url is needed with --base-url and no --env");
	if (token == NULL && o.client_id != NULL && o.key_path == NULL)
		return fail(cli, cmd, "--client-id needs --key (the client's private key, PEM or JWK)");
	rc = ap_auth_new(&r->auth, &o, &e);
	if (a->token_file != NULL)
		ap_secret_free(token); /* the library allocated it */
	else
		wipe_free(token);
	if (rc != AP_OK) {
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		return rc == AP_ENOMEM ? AP_EXIT_INTERNAL : AP_EXIT_USAGE;
	}
	return AP_EXIT_OK;
}

int ap_remote_open(struct ap_remote *r, const struct ap_remote_args *a,
		   const char *start_dir, unsigned max_parallel,
		   struct ap_cli *cli, const char *cmd)
{
	struct ap_http_options ho = AP_HTTP_OPTIONS_INIT;
	struct ap_error e = AP_ERROR_INIT;
	const struct ap_publish_env *env = NULL;
	const char *env_name, *base;
	int code, bad = 0;
	long timeout, retries;

	memset(r, 0, sizeof(*r));
	code = load_config(r, a, start_dir, cli, cmd);
	if (code != AP_EXIT_OK)
		return code;
	env_name = a->env ? a->env : setting(r, "environment");
	if (env_name != NULL && (env = ap_publish_env_find(env_name)) == NULL) {
		fprintf(cli->err, "altinn-policy %s: unknown environment '%s' (at22, at23, at24, yt01, tt02, prod)\n", cmd,
			env_name);
		return AP_EXIT_USAGE;
	}
	base = a->base_url ? a->base_url : setting(r, "baseUrl") ? setting(r, "baseUrl") : env ? env->base_url : NULL;
	if (base == NULL)
		return fail(cli, cmd, "no registry: give --env (at22, at23, at24, yt01, tt02, prod) or --base-url");
	if (strncmp(base, "https://", 8) != 0 && !(strncmp(base, "http://", 7) == 0 && ap_http_url_is_loopback(base)))
		return fail(cli, cmd, "the base URL must be https:// (plain http only for a loopback address)");
	r->base_url = strdup(base);
	if (r->base_url == NULL)
		return fail(cli, cmd, "out of memory");
	while (strlen(r->base_url) > 8 && r->base_url[strlen(r->base_url) - 1] == '/')
		r->base_url[strlen(r->base_url) - 1] = '\0';
	timeout = number(a->timeout, 1, 3600, 60, &bad);
	retries = number(a->retries, 0, 20, 5, &bad);
	if (bad)
		return fail(cli, cmd, "--timeout takes 1..3600 seconds, --retries 0..20");
	code = make_auth(r, a, env, cli, cmd);
	if (code != AP_EXIT_OK)
		return code;
	r->subscription_key = secret_env(setting(r, "subscriptionKeyEnv") ? setting(r, "subscriptionKeyEnv")
									    : "ALTINN_SUBSCRIPTION_KEY");
	ho.max_parallel = max_parallel;
	ho.total_timeout_ms = timeout * 1000;
	ho.max_attempts = (unsigned)retries + 1;
	ho.subscription_key = r->subscription_key;
	ho.subscription_scope = r->base_url; /* the platform's gateway, not Maskinporten */
	ho.auth = ap_auth_source(r->auth);
	r->http_opts = ho;
	if (ap_http_new(&r->http, &ho, &e) != AP_OK) {
		fprintf(cli->err, "altinn-policy %s: %s\n", cmd, e.message);
		return AP_EXIT_INTERNAL;
	}
	ap_auth_bind(r->auth, r->http);
	return AP_EXIT_OK;
}

void ap_remote_close(struct ap_remote *r)
{
	ap_http_free(r->http);
	ap_auth_free(r->auth);
	wipe_free(r->subscription_key);
	free(r->base_url);
	free(r->config_dir);
	json_decref(r->settings);
	ap_config_free(r->config);
	memset(r, 0, sizeof(*r));
}
