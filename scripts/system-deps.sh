#!/usr/bin/env bash
# System packages the real components need: bubblewrap (the student process box), PostgreSQL
# (the gradebook of large courses), Chromium + ChromeDriver (tests of what a person sees) and
# configurable-http-proxy (JupyterHub), Debian's Python with venv (the real-course test). Installed where we can (root + apt-get, npm); elsewhere
# this says what is missing and the tests that need it are skipped with that reason (never in CI).
set -uo pipefail

missing_apt=()
command -v bwrap >/dev/null || missing_apt+=(bubblewrap)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_apt+=(postgresql)
command -v chromium >/dev/null || missing_apt+=(chromium)
command -v chromedriver >/dev/null || missing_apt+=(chromium-driver)
command -v runuser >/dev/null || missing_apt+=(util-linux)
command -v npm >/dev/null || missing_apt+=(npm)
# a Korean font, so that what Chromium shows (and the screenshots the browser tests save) is readable
{ command -v fc-list >/dev/null && [[ -n $(fc-list :lang=ko 2>/dev/null) ]]; } || missing_apt+=(fonts-noto-cjk)
# the real-course test installs the wheel on Debian's own Python, as a course server would
{ [[ -x /usr/bin/python3.11 ]] && /usr/bin/python3.11 -c "import ensurepip" 2>/dev/null; } || missing_apt+=(python3-venv)

if ((${#missing_apt[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "system-deps: installing ${missing_apt[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null \
      || echo "system-deps: apt-get could not install ${missing_apt[*]}" >&2
  else
    echo "system-deps: missing ${missing_apt[*]} (run as root with apt-get to install); the tests that need them are skipped" >&2
  fi
fi

if ! command -v configurable-http-proxy >/dev/null; then
  if command -v npm >/dev/null && [[ $(id -u) == 0 ]]; then
    echo "system-deps: installing configurable-http-proxy (npm)"
    npm install -g --silent configurable-http-proxy >/dev/null 2>&1 \
      || echo "system-deps: npm could not install configurable-http-proxy" >&2
  else
    echo "system-deps: missing configurable-http-proxy (npm install -g configurable-http-proxy); JupyterHub tests are skipped" >&2
  fi
fi
exit 0
