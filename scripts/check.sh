#!/usr/bin/env bash
# Type check, lint, then every test; ends with one line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
pnpm exec tsc -p tsconfig.json --noEmit || exit 1
pnpm exec biome check . || exit 1
if docker compose version >/dev/null 2>&1; then docker compose config -q || exit 1
elif command -v docker-compose >/dev/null 2>&1; then docker-compose config -q || exit 1
else echo "docker-compose.yml not validated: no compose client on this machine"
fi
report=$(mktemp)
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
rm -f "$report"
exit $status
