#!/usr/bin/env bash
# Debian's Chromium for the browser tests: prints its path for PICTURELOCK_TEST_CHROMIUM.
#
#   export PICTURELOCK_TEST_CHROMIUM="$(scripts/chromium-for-tests.sh)"
#
# Looks for a Chromium already installed ($PICTURELOCK_CHROMIUM, then chromium on the PATH, then
# /usr/bin/chromium); when there is none, installs Debian's `chromium` package (needs root: apt-get).
# Checks that the browser starts (prints its version) before printing the path. Everything but the
# path goes to stderr; exits non-zero when no working browser can be had. Playwright's own browser
# download (`playwright install`) is never used: the tests launch this executable.
set -euo pipefail

say() { echo "chromium-for-tests: $*" >&2; }
fail() { say "error: $*"; exit 1; }

find_browser() {
  local candidate
  for candidate in "${PICTURELOCK_CHROMIUM:-}" "$(command -v chromium 2>/dev/null || true)" /usr/bin/chromium; do
    [[ -n "$candidate" && -x "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

install_browser() {
  [[ "$(id -u)" -eq 0 ]] || fail "Chromium is not installed and installing it needs root (apt-get install chromium)"
  command -v apt-get >/dev/null || fail "Chromium is not installed and there is no apt-get to install it"
  say "installing Debian's chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 \
    || fail "apt-get install chromium failed"
}

browser="$(find_browser || true)"
if [[ -z "$browser" ]]; then
  install_browser
  browser="$(find_browser || true)"
  [[ -n "$browser" ]] || fail "no chromium executable after installing"
fi
version="$("$browser" --headless --no-sandbox --disable-gpu --version 2>/dev/null || true)"
[[ -n "$version" ]] || fail "$browser does not start (--version printed nothing)"
say "$version at $browser"
echo "$browser"
