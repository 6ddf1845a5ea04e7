#!/usr/bin/env bash
# Debian's chromium, which the browser tests drive with Playwright (launched through
# its executable path: Playwright's own browser downloads are never used).
# Idempotent: apt-get runs only when chromium is missing.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi

echo "Installing Debian's chromium for the browser tests"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
    chromium >/dev/null
