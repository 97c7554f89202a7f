/*
 * What `publish` and `auth` share: the options that say where the registry
 * is and how to authenticate, the "publish" section of the configuration
 * file, and the engine and token source built from them.
 */
#ifndef AP_CLI_REMOTE_H
#define AP_CLI_REMOTE_H

#include <jansson.h>

#include "altinn-policy/auth.h"
#include "altinn-policy/config.h"
#include "altinn-policy/http.h"
#include "cli/cmd.h"

struct ap_remote_args {
	const char *env;
	const char *base_url;
	const char *token_file;
	const char *client_id;
	const char *key;
	const char *kid;
	const char *scopes;
	const char *maskinporten_url;
	const char *config;
	const char *parallel;
	const char *timeout;
	const char *retries;
};

/* The option table rows for struct ap_remote_args a. */
#define AP_REMOTE_OPTIONS(a) \
	{AP_OPT_VALUE, 'e', "env", &(a).env, "<name>", "environment: at22, at23, at24, yt01, tt02 or prod"}, \
	{AP_OPT_VALUE, 0, "base-url", &(a).base_url, "<url>", "registry base URL (overrides --env; http only for loopback)"}, \
	{AP_OPT_VALUE, 0, "token-file", &(a).token_file, "<file>", "an Altinn token (else $ALTINN_TOKEN or Maskinporten)"}, \
	{AP_OPT_VALUE, 0, "client-id", &(a).client_id, "<id>", "Maskinporten client id"}, \
	{AP_OPT_VALUE, 0, "key", &(a).key, "<file>", "Maskinporten client's private key (PEM or JWK)"}, \
	{AP_OPT_VALUE, 0, "kid", &(a).kid, "<kid>", "key id for the assertion (default: the JWK's kid)"}, \
	{AP_OPT_VALUE, 0, "scopes", &(a).scopes, "<list>", "space-separated scopes (default: the publisher's three)"}, \
	{AP_OPT_VALUE, 0, "maskinporten-url", &(a).maskinporten_url, "<url>", "Maskinporten issuer (default: the environment's)"}, \
	{AP_OPT_VALUE, 0, "config", &(a).config, "<file>", "configuration file (default: .altinn-policy.json found upwards)"}, \
	{AP_OPT_VALUE, 0, "timeout", &(a).timeout, "<seconds>", "per-request time limit (default 60)"}, \
	{AP_OPT_VALUE, 0, "retries", &(a).retries, "<n>", "retries on connection errors, 429, 502-504 (default 5)"}

struct ap_remote {
	ap_config *config;      /* NULL: none found */
	json_t *settings;       /* the config's "publish" object (borrowed) */
	char *config_dir;
	char *base_url;
	char *subscription_key; /* secret */
	ap_auth *auth;
	ap_http *http;
	struct ap_http_options http_opts;
};

/*
 * Finds the configuration (--config, or upwards from start_dir), works out
 * the base URL and the credentials, and builds the engine (with
 * max_parallel) and the token source.  Prints what is wrong and returns
 * an exit code (AP_EXIT_OK on success).  ap_remote_close in any case.
 */
int ap_remote_open(struct ap_remote *r, const struct ap_remote_args *a,
		   const char *start_dir, unsigned max_parallel,
		   struct ap_cli *cli, const char *cmd);
void ap_remote_close(struct ap_remote *r);

#endif
