/* altinn-policy rules [<options>] [<ID>] */
#include <stdlib.h>
#include <string.h>

#include "altinn-policy/altinn-policy.h"
#include "cli/cmd.h"

static void profiles_text(unsigned profiles, char *buf, size_t len)
{
	unsigned p;

	buf[0] = '\0';
	if (profiles == AP_PROFILES_ALL) {
		snprintf(buf, len, "all");
		return;
	}
	for (p = 0; p < AP_PROFILE_COUNT; p++) {
		if (!(profiles & AP_PROFILE_BIT(p)))
			continue;
		if (buf[0])
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, ap_profile_name((enum ap_profile)p), len - strlen(buf) - 1);
	}
}

static int list_rules(struct ap_cli *cli, const char *profile)
{
	enum ap_profile want = AP_PROFILE_CORRESPONDENCE;
	struct ap_rule_info r;
	char prof[64];
	size_t i;

	if (profile && ap_profile_parse(&want, profile) != AP_OK) {
		fprintf(cli->err, "altinn-policy rules: unknown profile '%s' (correspondence, resource, app, delegation)\ntry 'altinn-policy rules --help'\n", profile);
		return AP_EXIT_USAGE;
	}
	for (i = 0; ap_rule_at(i, &r) == AP_OK; i++) {
		if (profile && !(r.profiles & AP_PROFILE_BIT(want)))
			continue;
		profiles_text(r.profiles, prof, sizeof(prof));
		fprintf(cli->out, "%-8s %-7s %-40s %s\n", r.id,
			ap_severity_name(r.severity), prof, r.summary);
	}
	return AP_EXIT_OK;
}

int cmd_rules(struct ap_cli *cli, int argc, char **argv)
{
	const char *profile = NULL, *page;
	struct ap_opt_args ids = {NULL, 0};
	struct ap_rule_info r;
	int help, ret = AP_EXIT_USAGE;
	const struct ap_opt opts[] = {
		{AP_OPT_VALUE, 'p', "profile", &profile, "<name>",
		 "list only the rules of this profile"},
		{AP_OPT_ARGS, 0, NULL, &ids, "[<ID>]", NULL},
		{AP_OPT_END, 0, NULL, NULL, NULL, NULL},
	};

	if (ap_opt_parse(opts, argc, argv, "rules", &help, cli->err) != 0)
		goto done;
	if (help) {
		ap_opt_help(opts, "rules",
			    "List the rule catalogue (id, default severity, profiles, summary),\n"
			    "or print the page of one rule.", cli->out);
		ret = AP_EXIT_OK;
		goto done;
	}
	if (ids.count == 0) {
		ret = list_rules(cli, profile);
		goto done;
	}
	if (ids.count > 1) {
		fprintf(cli->err, "altinn-policy rules: give one rule id\ntry 'altinn-policy rules --help'\n");
		goto done;
	}
	if (ap_rule_find(ids.items[0], &r) != AP_OK) {
		fprintf(cli->err, "altinn-policy rules: no rule '%s'\ntry 'altinn-policy rules' for the list\n", ids.items[0]);
		goto done;
	}
	page = ap_rule_page(r.id);
	if (page != NULL)
		fputs(page, cli->out);
	else
		fprintf(cli->out, "%s: %s\n%s\n", r.id, r.name, r.summary);
	ret = AP_EXIT_OK;
done:
	free((void *)ids.items);
	return ret;
}
