#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report test (tests/Analytics.Query.Tests/HtmlReportBrowserTests.cs), which is
# skipped with a message when /usr/bin/chromium is absent. Best effort: `make test` goes on if this cannot install.
# --no-install-recommends leaves out fonts, and a fresh machine then renders text blank: install DejaVu (and Liberation
# where the distribution has it) with it, so the screenshot the test saves is readable.
set -euo pipefail
has_fonts() { dpkg -s fonts-dejavu-core >/dev/null 2>&1; }
if [ -x /usr/bin/chromium ] && has_fonts; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install-chromium: apt-get not available; the headless-browser report test will be skipped" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null || { echo "install-chromium: needs root (or sudo); the browser test will be skipped" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
fonts="fonts-dejavu-core"
if apt-cache show fonts-liberation >/dev/null 2>&1; then
  fonts="$fonts fonts-liberation"
fi
# shellcheck disable=SC2086 # $fonts is a list of package names
$sudo apt-get install -y -qq --no-install-recommends chromium $fonts >/dev/null
echo "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
