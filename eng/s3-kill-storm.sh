#!/usr/bin/env bash
# The S3 kill storm at full size: KILLS (10) exports into one s3:// dataset on s3rver killed with SIGKILL at random
# moments, then a completing run, compared table by table with the local export (the test suite runs 3).
# Needs `make setup` (s3rver in tests/s3).
set -euo pipefail
cd "$(dirname "$0")/.."
export S3_KILLS="${KILLS:-10}"
dotnet build tests/Analytics.Export.Tests -c Release
dotnet test tests/Analytics.Export.Tests -c Release --no-build \
  --filter "FullyQualifiedName~S3ExportTests.Runs_killed_at_random_moments" --logger "console;verbosity=normal"
