#!/bin/sh
# Install the Java runtime that PySpark needs (`kg build --engine spark` and its tests):
# Debian's openjdk-17-jre-headless. Idempotent; needs root or sudo when Java is missing.
# Usage: scripts/install-java.sh
set -eu

if command -v java >/dev/null 2>&1 || { [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; }; then
    echo "java already installed: $(java -version 2>&1 | head -n 1)"
    exit 0
fi

sh "$(dirname "$0")/apt-install.sh" install-java.sh openjdk-17-jre-headless
java -version
