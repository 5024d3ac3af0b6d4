#!/usr/bin/env bash
# `make run`: migrate, load the demo content, then run web + Celery worker + beat until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export WEB_PORT="${PORT:-8000}"

stop_embedded() {
  if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
    echo "Stopping the embedded services (data is kept in .data/)."
    "$PY" -m devtools.embedded stop || true
  fi
}
trap stop_embedded EXIT

"$PY" manage.py migrate --noinput
"$PY" manage.py seed_demo
cat <<TXT

  Roots is starting at  http://127.0.0.1:${WEB_PORT}/
  Demo logins (password: roots-demo):
    practitioner@example.org   facilitator@example.org   editor@example.org   admin@example.org
  E-mails are printed here and kept in .data/mail/.  Press Ctrl-C to stop everything.

TXT
exec_status=0
.venv/bin/honcho start -f Procfile || exec_status=$?
exit "$exec_status"
