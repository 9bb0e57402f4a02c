#!/usr/bin/env bash
# Obtains the pinned libduckdb.so from its npm package, verifies the tarball's checksum and installs it into
# .native/ (git-ignored). Idempotent: does nothing when the installed copy matches the lock file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lock="$root/eng/duckdb-native.lock"
dest="$root/.native"
get() { sed -n "s/^$1=//p" "$lock"; }
package=$(get package); version=$(get version); sha=$(get sha256)

if [ -f "$dest/libduckdb.so" ] && [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$sha" ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is needed to fetch $package@$version (install Node.js)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "fetching $package@$version"
(cd "$work" && npm pack --silent "$package@$version" >/dev/null 2>"$work/npm.log") \
  || { cat "$work/npm.log" >&2; echo "error: npm pack $package@$version failed" >&2; exit 1; }
tarball=$(ls "$work"/*.tgz)
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$actual" != "$sha" ]; then
  echo "error: checksum mismatch for $package@$version: expected $sha, got $actual" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/libduckdb.so package/LICENSE
mkdir -p "$dest"
install -m 0644 "$work/package/libduckdb.so" "$dest/libduckdb.so.tmp"
mv "$dest/libduckdb.so.tmp" "$dest/libduckdb.so"
cp "$work/package/LICENSE" "$dest/LICENSE.duckdb"
echo "$sha" > "$dest/.stamp"
echo "installed $dest/libduckdb.so ($(get library_version))"
