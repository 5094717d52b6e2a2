#!/usr/bin/env bash
# Serves DigiCampus with gunicorn and starts a Celery worker beside it; stops both together.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
VENV=.venv/bin
mkdir -p var
# -B: the worker also runs the scheduler of periodic work (abuse-report escalation).
"$VENV/celery" -A config worker -B --schedule var/celerybeat-schedule --loglevel=WARNING \
  --concurrency=1 --pool=prefork &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true; wait $WORKER 2>/dev/null || true' EXIT INT TERM
echo "DigiCampus: http://127.0.0.1:${PORT}/  (Ctrl+C stops it)"
"$VENV/gunicorn" config.wsgi:application -c config/gunicorn.py --bind "127.0.0.1:${PORT}"
