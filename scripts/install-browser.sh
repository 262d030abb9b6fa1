#!/bin/sh
# Install the headless browser the browser tests drive (tests/browser/, marker `browser`):
# Debian's chromium and the matching chromedriver for Selenium. Idempotent; needs root or sudo.
# Usage: scripts/install-browser.sh
set -eu

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || true)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-browser.sh: need root (or sudo) to run apt-get" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser.sh: no apt-get here; install Chromium and chromedriver by hand" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# fonts-noto-cjk so Chinese labels render as glyphs, not boxes, in screenshots.
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-cjk
chromium --version
