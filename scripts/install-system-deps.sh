#!/usr/bin/env bash
# Installs the system programs the test suite runs for real: Prometheus and promtool (scrape,
# rules and PromQL tests), amtool from prometheus-alertmanager (checks monitoring/alertmanager/) and
# redis-server (the Redis budget store test), from Debian's packages.
# Does nothing when they are already on PATH. Needs root (or sudo) the first time.
set -euo pipefail
missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing ${missing[*]} from Debian's packages"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
