#!/usr/bin/env bash
# Installs whatever a bare Debian machine with Node lacks for sagaflow, then the
# workspace's dependencies. Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root for: $*  (run it as root, then run this again)"; exit 1
  fi
}

missing_apt=()
command -v cc >/dev/null 2>&1 || missing_apt+=(gcc libc6-dev)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing_apt+=(librdkafka-dev)
if [ ${#missing_apt[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "missing ${missing_apt[*]} and no apt-get here: install them with your package manager"
    exit 1
  fi
  say "installing ${missing_apt[*]} (needed for the local Kafka-protocol broker)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  npm install -g --silent "pnpm@$pnpm_version" >/dev/null 2>&1 || as_root npm install -g --silent "pnpm@$pnpm_version"
fi

say "installing workspace dependencies"
CI=true pnpm install --frozen-lockfile --reporter=silent
