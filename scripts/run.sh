#!/usr/bin/env bash
# Web server and background work together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
PY=.venv/bin/python

# Exactly one beat: the worker embeds it (-B) and there is one worker here.
.venv/bin/celery -A config worker -B --pool=solo --concurrency=1 --loglevel=WARNING \
  --schedule var/celerybeat-schedule >var/celery.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

echo
echo "Demo logins (also in var/demo-logins.txt):"
cat var/demo-logins.txt
echo "Open http://127.0.0.1:8000  (mail goes to var/mail/, background log in var/celery.log)"
echo
$PY manage.py runserver 127.0.0.1:8000
