#!/usr/bin/env bash
# Build, type check, lint, then every test; ends with one line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
# Services, CLIs and the integration tests run the compiled JavaScript.
pnpm -s build || exit 1
pnpm exec tsc -p tsconfig.json --noEmit || exit 1
pnpm exec tsc -p packages/console/tsconfig.app.json --noEmit || exit 1
pnpm exec biome check . || exit 1
node harness/testkit/dist/boundaries/cli.js || exit 1
# .env.example gives the variables compose refuses to run without (a password).
# Validated with and without the observability profile.
compose_check() { "$@" --env-file .env.example config -q && "$@" --env-file .env.example --profile observability config -q; }
if docker compose version >/dev/null 2>&1; then compose_check docker compose || exit 1
elif command -v docker-compose >/dev/null 2>&1; then compose_check docker-compose || exit 1
else echo "docker-compose.yml not validated: no compose client on this machine"
fi
# The JSON report stays in .tmp/test-report.json: per file and test durations, for where the time goes.
mkdir -p .tmp
report=.tmp/test-report.json
stacks=$(mktemp)
started=$(date +%s)
SAGAFLOW_STACK_REPORT="$stacks" pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const fs = require("fs");
  const stacks = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const kinds = {};
  for (const { kafka } of stacks) {
    const name = `${kafka.kind} ${kafka.version}`;
    kinds[name] = (kinds[name] ?? 0) + 1;
  }
  const brokers = Object.entries(kinds).map(([name, n]) => `${name} (${n} project${n === 1 ? "" : "s"})`);
  console.log(`brokers: ${brokers.join(", ") || "none started"}; ${Math.round((Date.now() / 1000 - process.argv[3]) / 60 * 10) / 10} min`);
  const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" "$stacks" "$started" || true
rm -f "$stacks"
exit $status
