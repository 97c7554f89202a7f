/*
 * The commands that need the network or XSLT (auth, generate, publish,
 * templates) live in altinn-policy-net.so, which the binary loads only when
 * one of them runs.  libcurl (with its 30 dependencies), libcrypto and
 * libxslt would otherwise be loaded by every `lint` of a pre-commit hook:
 * about 3.5 ms of a 5 ms run.
 */
#ifndef AP_CLI_NET_H
#define AP_CLI_NET_H

#include "cli/cmd.h"

/* The plugin's file name, and where it is looked for, relative to the
 * directory of the running binary: beside it (the build tree), then the
 * installed layout of `make install`. */
#define AP_NET_PLUGIN "altinn-policy-net.so"
#define AP_NET_PLUGIN_INSTALLED "../lib/altinn-policy/" AP_NET_PLUGIN

/* Bumped when struct ap_cli or the entry point's contract changes. */
#define AP_NET_ABI 1

/* The exported entry point (dlsym name "ap_net_main").  Runs the command
 * argv[0] (auth, generate, publish or templates) and returns its exit code.
 * version and abi are the caller's AP_VERSION and AP_NET_ABI: a plugin from
 * another build refuses with AP_EXIT_USAGE and a message on cli->err. */
typedef int ap_net_main_fn(const char *version, int abi, struct ap_cli *cli,
			   int argc, char **argv);
ap_net_main_fn ap_net_main;

#endif
