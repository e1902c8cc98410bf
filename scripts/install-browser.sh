#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; it never downloads its own browser).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  if dpkg-query -S /usr/bin/chromium >/dev/null 2>&1; then
    echo "Browser tests: /usr/bin/chromium from Debian's package ($(dpkg-query -W -f='${Version}' chromium 2>/dev/null))."
  else
    echo "Browser tests: /usr/bin/chromium -> $(readlink -f /usr/bin/chromium), NOT from Debian's package chromium." >&2
  fi
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
