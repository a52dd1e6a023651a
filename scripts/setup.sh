#!/usr/bin/env bash
# Installs whatever a bare Debian machine with Node lacks for sagaflow, then the
# workspace's dependencies. Safe to run again: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

# Node of .nvmrc's major version first on PATH (installed into .tools/ when the machine's is older).
PATH="$(bash scripts/node.sh):$PATH"
export PATH

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root for: $*  (run it as root, then run this again)"; exit 1
  fi
}

# The major version of the java the devstack would run (JAVA_HOME first), or 0.
java_major() {
  local java=java
  [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
  "$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\.\{0,1\}\([0-9]*\).*/\1 \2/p' | head -1 |
    awk '{ print ($1 == 1 ? $2 : $1) }' | grep . || echo 0
}

# The first Java 17+ runtime package this apt knows (Debian 12 has 17, later releases 21 or 25).
java_package() {
  for candidate in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless default-jre-headless; do
    if apt-cache show "$candidate" >/dev/null 2>&1; then echo "$candidate"; return; fi
  done
  echo openjdk-17-jre-headless
}

missing_apt=()
# librdkafka's mock: the fallback broker where no JVM runs, and the suite that keeps it working.
command -v cc >/dev/null 2>&1 || missing_apt+=(gcc libc6-dev)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || missing_apt+=(librdkafka-dev)
# Apache Kafka's own broker: a Java 17+ runtime, and Maven to fetch it from Maven Central once.
need_java=0
[ "$(java_major)" -ge 17 ] || need_java=1
command -v mvn >/dev/null 2>&1 || missing_apt+=(maven)
# The console's browser tests drive Debian's Chromium (playwright-core downloads no browser here).
command -v chromium >/dev/null 2>&1 || missing_apt+=(chromium fonts-liberation)
if [ ${#missing_apt[@]} -gt 0 ] || [ "$need_java" -eq 1 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    [ "$need_java" -eq 1 ] && missing_apt+=("a Java 17+ runtime (openjdk-17-jre-headless)")
    say "missing ${missing_apt[*]} and no apt-get here: install them with your package manager"
    exit 1
  fi
  as_root apt-get update -qq
  [ "$need_java" -eq 1 ] && missing_apt+=("$(java_package)")
  say "installing ${missing_apt[*]} (the local Kafka brokers: Apache Kafka on Java, librdkafka's mock; Chromium for the console's tests)"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  npm install -g --silent "pnpm@$pnpm_version" >/dev/null 2>&1 || as_root npm install -g --silent "pnpm@$pnpm_version"
fi

say "installing workspace dependencies"
CI=true pnpm install --frozen-lockfile --reporter=silent

# The services and the harness's tools run compiled: tsc -b builds what changed since last time.
say "building"
pnpm -s build

# Apache Kafka's broker and its dependencies, from Maven Central into ~/.cache/sagaflow (once).
pnpm -s devstack fetch >&2
