#!/usr/bin/env bash
# Installs everything Hotline and its tests need on Debian 12 with Node 20, then builds it.
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: bubblewrap (function sandbox); sipp, baresip, espeak-ng, sox (telephony and
# its tests); chromium (console tests). Python 3 runs Python functions.
packages=(bubblewrap python3 sip-tester baresip espeak-ng sox chromium fonts-wqy-microhei)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "setup: please install these Debian packages as root: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node packages (better-sqlite3 builds against Node's headers when no prebuilt binary can be had).
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

npm run build --silent
echo "setup: done"
