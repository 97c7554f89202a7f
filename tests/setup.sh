#!/bin/sh
# The README's first command: installs what is missing (Debian 12 packages,
# only for what pkg-config or PATH cannot already find; idempotent and
# non-interactive), builds, and lints policies/ExamplePolicy.xml.
# Runs as root, or through sudo for a normal user.
set -eu
cd "$(dirname "$0")/.."

need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc() { have_cmd pkg-config && pkg-config --exists "$1" 2>/dev/null; }

have_cmd cc || need="$need gcc libc6-dev"
have_cmd make || need="$need make"
have_cmd pkg-config || need="$need pkg-config"
have_pc libxml-2.0 || need="$need libxml2-dev"
have_pc libxslt || need="$need libxslt1-dev"
have_pc libexslt || need="$need libxslt1-dev"
have_pc jansson || need="$need libjansson-dev"
have_pc libcurl || need="$need libcurl4-openssl-dev"
have_pc libpcre2-8 || need="$need libpcre2-dev"
have_pc libcrypto || need="$need libssl-dev"
have_pc cmocka || need="$need libcmocka-dev"
have_cmd xmllint || need="$need libxml2-utils"
have_cmd xsltproc || need="$need xsltproc"
have_cmd timeout || need="$need coreutils"
# tests/emulator (the local registry) needs Python 3 with python3-cryptography
have_cmd python3 || need="$need python3"
python3 -c 'import cryptography' 2>/dev/null || need="$need python3-cryptography"

if [ -n "$need" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=""
	elif have_cmd sudo; then
		as_root="sudo"
	else
		echo "setup: need root or sudo to install:$need" >&2
		exit 2
	fi
	echo "setup: installing:$need"
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

make
echo "setup: build/altinn-policy lint policies/ExamplePolicy.xml"
build/altinn-policy lint policies/ExamplePolicy.xml
