#!/bin/sh
# make publish-check: altinn-policy publish and auth against the registry
# emulator (started and stopped by run.py on random ports).
#   sh tests/publish/run.sh BIN
set -u
if ! command -v python3 >/dev/null 2>&1; then
	echo "publish-check: SKIPPED: python3 is missing (the registry emulator needs it; tests/setup.sh installs it)"
	exit 0
fi
exec python3 "$(dirname "$0")/run.py" "$1"
