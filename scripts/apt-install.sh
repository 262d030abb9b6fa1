#!/bin/sh
# Install Debian packages as root or through sudo; the install-*.sh scripts share it.
# Usage: scripts/apt-install.sh CALLER PACKAGE...   (CALLER names the script in error messages)
set -eu
caller=$1
shift

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "$caller: need root (or sudo) to run apt-get; install $* by hand" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$caller: no apt-get here; install $* by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@"
