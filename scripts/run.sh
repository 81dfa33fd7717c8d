#!/usr/bin/env bash
# Web server and background work together; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
PY=.venv/bin/python
CELERY=.venv/bin/celery

# Two workers, exactly one beat. Reminders (the default queue, "celery") have a worker of
# their own, which also embeds the one beat (-B). Reports render on the "rapporter" queue in
# another, so a report, however large, never stands in front of a reminder. That worker uses
# the prefork pool, which enforces the reports' time limits (solo has none), and replaces a
# child that a render left holding more than the memory ceiling (REPORT_MEMORY_LIMIT_MB).
$CELERY -A config worker -Q celery -n paminnelser@%h -B --pool=solo --concurrency=1 --loglevel=WARNING \
  --schedule var/celerybeat-schedule >var/celery.log 2>&1 &
REMINDERS=$!
$CELERY -A config worker -Q rapporter -n rapporter@%h --pool=prefork --concurrency=1 --loglevel=WARNING \
  --max-memory-per-child=$((${REPORT_MEMORY_LIMIT_MB:-1024} * 1024)) >var/celery-rapporter.log 2>&1 &
REPORTS=$!
trap 'kill $REMINDERS $REPORTS 2>/dev/null || true' EXIT INT TERM

echo
echo "Demo logins (also in var/demo-logins.txt):"
cat var/demo-logins.txt
echo "Open http://127.0.0.1:${PORT:-8000}  (mail goes to var/mail/, background logs in var/celery*.log)"
echo
$PY manage.py runserver "127.0.0.1:${PORT:-8000}"
