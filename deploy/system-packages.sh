#!/usr/bin/env bash
# Installs the Debian packages the tests and the local stack need, only when one
# is missing (so a second run does no network work). Needs root, as on CI.
set -euo pipefail

needed=()
command -v kcat >/dev/null 2>&1 || needed+=(kcat)
command -v java >/dev/null 2>&1 || needed+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || needed+=(maven)
command -v go >/dev/null 2>&1 || needed+=(golang-go)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${needed[*]}. Install them (as root: apt-get install ${needed[*]})." >&2
  exit 1
fi
echo "Installing system packages: ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
