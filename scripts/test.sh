#!/usr/bin/env bash
# The whole suite: lint, then pytest (unit, access, worker and browser tests).
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check . || exit 1
.venv/bin/ruff format --check . || exit 1
# The layers of DESIGN.md §10 (.importlinter): platform < accounts, kommuner < domain apps < pages, demo.
.venv/bin/lint-imports --no-cache || exit 1
# Tests keep their own broker folder and SQLite file, apart from a running `make run`.
export VAR_DIR="${VAR_DIR:-$PWD/var/test}"
# One pytest-xdist worker per core (PYTEST_WORKERS=0 for one process); each has its own test
# database, Redis database and folder (config/settings.py), and takes whole files, so a
# module's browser and logged-in fixtures are made once.
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist loadfile "$@"
rc=$?
# 5 means no tests were collected: treat as a failure, a suite that runs nothing proves nothing.
if [ $rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit $rc
