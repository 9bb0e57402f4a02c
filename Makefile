# The project's entry points (SPEC §4). Each target installs what it needs on a fresh machine that has the .NET SDK,
# node/npm and make. DuckDB's native library comes with the DuckDB.NET.Data.Full package (dotnet restore).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
# Another platform for `make build` (e.g. RID=osx-arm64); linux-x64 by default (Directory.Build.props).
RID ?=
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: setup restore js-sdk clickhouse s3rver build test bench demo clean chromium

setup: restore js-sdk clickhouse s3rver

# The pinned AWS SDK for JavaScript v3 the emulator's conformance test crawls with (tests/js-sdk/package-lock.json).
js-sdk: tests/js-sdk/node_modules/.package-lock.json

tests/js-sdk/node_modules/.package-lock.json: tests/js-sdk/package.json tests/js-sdk/package-lock.json
	cd tests/js-sdk && npm ci --no-audit --no-fund

# ClickHouse in-process (npm chdb, pinned in tests/clickhouse/package-lock.json): the `ddl --engine clickhouse` test.
clickhouse: tests/clickhouse/node_modules/.package-lock.json

# Not `npm ci`: the lock cannot list chdb's other-platform libraries (the registry reachable here does not serve them),
# and npm ci refuses such a lock; `npm install --no-save` installs the locked versions and leaves the lock as it is.
tests/clickhouse/node_modules/.package-lock.json: tests/clickhouse/package.json tests/clickhouse/package-lock.json
	cd tests/clickhouse && npm install --no-audit --no-fund --no-save

# s3rver, the real S3 server the S3 dataset tests start on loopback (tests/s3/package-lock.json).
s3rver: tests/s3/node_modules/.package-lock.json

tests/s3/node_modules/.package-lock.json: tests/s3/package.json tests/s3/package-lock.json
	cd tests/s3 && npm ci --no-audit --no-fund

restore:
	$(DOTNET) restore Analytics.sln

# Only what the CLI needs (not the test and benchmark projects, not the JS SDK): a cold `make demo` stays short.
build:
	@echo "restoring the CLI's NuGet packages…"
	$(DOTNET) restore src/Analytics.Cli/Analytics.Cli.csproj $(if $(RID),-r $(RID))
	@echo "building bin/analytics…"
	$(DOTNET) publish src/Analytics.Cli/Analytics.Cli.csproj -c $(CONFIG) --no-restore $(if $(RID),-r $(RID)) -o bin/app
	@printf '#!/bin/sh\n# Two glibc malloc arenas, not 8 per core: the runtime and DuckDB threads otherwise each keep freed memory (README, "Exporting from AWS or the emulator").\nexport MALLOC_ARENA_MAX="$${MALLOC_ARENA_MAX:-2}"\nexec dotnet "$$(dirname "$$0")/app/analytics.dll" "$$@"\n' > bin/analytics
	@chmod +x bin/analytics
	@echo "built bin/analytics"

test: setup
	-eng/install-chromium.sh
	$(DOTNET) build Analytics.sln -c $(CONFIG) --no-restore
	rm -rf TestResults
	$(DOTNET) test Analytics.sln -c $(CONFIG) --no-build --results-directory TestResults \
	  --logger "console;verbosity=normal" --logger trx || { eng/test-summary.sh TestResults; exit 1; }
	eng/test-summary.sh TestResults

bench: setup
	$(DOTNET) run --project tests/Analytics.Benchmarks -c Release -- --filter '*'
	$(MAKE) build
	eng/bench-export.sh

demo: build
	eng/demo.sh

# Headless Chromium for the HTML report test (skipped with a message when absent).
chromium:
	eng/install-chromium.sh

clean:
	$(DOTNET) clean Analytics.sln
	rm -rf bin/app bin/analytics
