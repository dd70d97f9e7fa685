#!/usr/bin/env bash
# The two commands a new user needs, on a fresh Debian machine with Python 3.11:
#   ./run.sh serve   set up, load ontology/ and data/ into the embedded store, serve on :8000
#   ./run.sh test    set up (Python, the editor, Java + OWL API + HermiT, Chromium, Virtuoso),
#                    then run every check and test
# Set-up is idempotent: a second run only checks that everything is in place.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_python() {
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "innograph needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version)" >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            as_root apt-get update -qq
            as_root apt-get install -y -qq python3-venv
            rm -rf "$VENV"
            "$PYTHON" -m venv "$VENV"
        fi
    fi
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[$1]"
}

setup_web() {
    # The query page's SPARQL editor (YASQE), from the npm registry, pinned by
    # web/package-lock.json; reinstalled only when the lock file changes.
    if cmp -s web/package-lock.json web/node_modules/.installed-lock; then
        return
    fi
    if ! command -v npm >/dev/null; then
        as_root apt-get update -qq
        as_root apt-get install -y -qq nodejs npm
    fi
    npm ci --prefix web --ignore-scripts --no-audit --no-fund --omit=dev --loglevel=error
    cp web/package-lock.json web/node_modules/.installed-lock
}

setup_browser() {
    # Chromium and its driver from Debian, for the tests that open the pages in a browser.
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver
    fi
}

setup_virtuoso() {
    # Virtuoso open source from Debian, for the tests that run innograph in front of it
    # (tests/remote_servers.py starts it with deploy/virtuoso/virtuoso.ini).
    if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq virtuoso-opensource
    fi
}

case "${1:-}" in
    serve)
        setup_python serve
        setup_web
        shift
        exec "$VENV/bin/innograph" serve "$@"
        ;;
    test)
        setup_python test
        setup_web
        setup_browser
        setup_virtuoso
        bash .ci/install-java.sh
        "$VENV/bin/ruff" check src api tests benchmarks
        "$VENV/bin/mypy"
        "$VENV/bin/lint-imports"
        shift
        exec "$VENV/bin/python" -m pytest "$@"
        ;;
    *)
        echo "usage: ./run.sh serve [--host H --port P] | ./run.sh test [pytest options]" >&2
        exit 2
        ;;
esac
