#!/usr/bin/env bash
# The two commands a new user needs, on a fresh Debian machine with Python 3.11:
#   ./run.sh serve   set up, load ontology/ and data/ into the embedded store, serve on :8000
#   ./run.sh test    set up (Python, Java + OWL API + HermiT), then run every check and test
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

case "${1:-}" in
    serve)
        setup_python serve
        shift
        exec "$VENV/bin/innograph" serve "$@"
        ;;
    test)
        setup_python test
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
