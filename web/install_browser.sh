#!/usr/bin/env bash
# Install Debian's headless-capable Chromium for the browser tests (tests/channels).
# Idempotent: does nothing when /usr/bin/chromium exists. Never downloads a browser
# build of its own: playwright-core drives this system Chromium.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  echo "==> chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  cat >&2 <<MSG
error: $CHROMIUM is missing and installing it needs root.
Run as root:   apt-get update && apt-get install -y chromium
(or set CHROMIUM=/path/to/chromium when it lives elsewhere), then run this again.
MSG
  exit 1
fi
echo "==> installing Debian chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "==> installed: $("$CHROMIUM" --version)"
