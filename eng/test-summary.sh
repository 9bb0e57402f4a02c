#!/usr/bin/env bash
# Sums the TRX files `dotnet test` wrote and prints, last, each failed test with the head of its message and one
# closing line: "tests: N passed, N failed, N skipped". Last, because CI logs keep only the tail.
set -euo pipefail
dir=${1:-TestResults}
passed=0; failed=0; skipped=0
shopt -s nullglob
for f in "$dir"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  num() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(num passed)))
  failed=$((failed + $(num failed) + $(num error) + $(num timeout) + $(num aborted)))
  skipped=$((skipped + $(num notExecuted)))
done
if [ "$failed" -ne 0 ]; then
  node - "$dir" <<'JS' || true
// Node is a prerequisite already (npm brings the JS SDK, chdb and s3rver for the tests); TRX is small enough for regexes.
const fs = require("fs"), path = require("path"), dir = process.argv[2];
const unescape = s => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".trx")).sort()) {
  const xml = fs.readFileSync(path.join(dir, file), "utf8");
  for (const m of xml.matchAll(/<UnitTestResult\b([^>]*?)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    const attr = name => (m[1].match(new RegExp(` ${name}="([^"]*)"`)) || [])[1] || "";
    if (["Passed", "NotExecuted"].includes(attr("outcome"))) continue;
    const msg = ((m[2] || "").match(/<Message>([\s\S]*?)<\/Message>/) || [])[1] || "";
    console.log(`FAILED ${unescape(attr("testName"))} [${attr("duration")}]: ${unescape(msg).replace(/\s+/g, " ").slice(0, 600)}`);
  }
}
JS
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
