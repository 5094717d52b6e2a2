#!/usr/bin/env bash
# Benchmarks of issue 2 on a district of 200 schools and 100,000 students, on SQLite and on
# PostgreSQL: HTTP latency and throughput against gunicorn, a 10,000-student import, and a
# district-wide announcement (fan-out, e-mail throughput, a 5,000-message inbox), and the forum
# and public portals (issue 5: 2,000,000 posts seeded once, then board, topic and portal pages),
# and the resource library (issue 4: 300,000 resources searched by 10 users, a 1 GB upload),
# and learning spaces (issue 3: 1,000,000 space posts and 300,000 submissions seeded once, then
# a teacher's space, a class space and a grading view).
# Results go to bench/results/; docs/benchmarks.md records them.
#   BENCH_SCHOOLS, BENCH_STUDENTS, BENCH_USERS, BENCH_DURATION, BENCH_IMPORT_ROWS tune it;
#   BENCH_DATABASES="sqlite postgres" picks the databases.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SCHOOLS="${BENCH_SCHOOLS:-200}"
STUDENTS="${BENCH_STUDENTS:-100000}"
USERS="${BENCH_USERS:-20}"
DURATION="${BENCH_DURATION:-15}"
ROWS="${BENCH_IMPORT_ROWS:-10000}"
PG="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
mkdir -p var/bench bench/results

seed() {  # $1 label
  if [ ! -f "var/bench/$1.seeded" ]; then
    echo "[$1] seeding $SCHOOLS schools, $STUDENTS students"
    $PY manage.py migrate --noinput -v0
    /usr/bin/time -f "[$1] seeded in %e s, peak %M KB" \
      $PY manage.py seed_demo --locale vi --schools "$SCHOOLS" --students "$STUDENTS" >/dev/null
    touch "var/bench/$1.seeded"
  fi
}

for db in ${BENCH_DATABASES:-sqlite postgres}; do
  if [ "$db" = sqlite ]; then
    unset DATABASE_URL
    export DIGICAMPUS_VAR_DIR="$PWD/var/bench/sqlite"
  else
    export DIGICAMPUS_VAR_DIR="$PWD/var/bench/postgres"
    if [ ! -f var/bench/postgres.seeded ]; then
      psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS digicampus_bench" \
        -c "CREATE DATABASE digicampus_bench"
    fi
    export DATABASE_URL="$PG/digicampus_bench"
  fi
  mkdir -p "$DIGICAMPUS_VAR_DIR"
  $PY manage.py migrate --noinput -v0
  seed "$db"
  $PY manage.py collectstatic --noinput -v0
  $PY bench/http_load.py --label "$db" --users "$USERS" --duration "$DURATION"
  $PY bench/import_bench.py --label "$db" --rows "$ROWS"
  $PY bench/messaging_bench.py --label "$db"
  $PY bench/forum_bench.py --label "$db" --users "$USERS" --duration "$DURATION"
  # issue 4: 300,000 resources; the 1 GB upload and range downloads do not depend on the database
  $PY bench/library_bench.py --label "$db" --users 10 --duration "$DURATION" \
    $([ "$db" = sqlite ] && echo --upload --ranges)
  $PY bench/spaces_bench.py --label "$db" --users "$USERS" --duration "$DURATION"
done
