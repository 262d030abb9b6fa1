#!/bin/sh
# Install the headless browser the browser tests drive (tests/browser/, marker `browser`):
# Debian's chromium and the matching chromedriver for Selenium. Idempotent; needs root or sudo.
# Usage: scripts/install-browser.sh
set -eu

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || true)"
    exit 0
fi

# fonts-noto-cjk so Chinese labels render as glyphs, not boxes, in screenshots.
sh "$(dirname "$0")/apt-install.sh" install-browser.sh chromium chromium-driver fonts-noto-cjk
chromium --version
