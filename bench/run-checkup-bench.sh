#!/usr/bin/env bash
# The checkup benchmark (issue 4): a full `dblab checkup run` (all checks) against a throwaway
# PostgreSQL 15 cluster whose database has 10,000 tables and 20,000 indexes; target ≤ 60 s.
# Times the run several times and writes the figures into its section of docs/benchmarks.md.
#
# Needs: root (runs PostgreSQL as the postgres OS user), PostgreSQL 15 in /usr/lib/postgresql/15/bin
# with pg_stat_statements, java and mvn for ./dblab. Takes about 2 minutes.
#
# Usage: bench/run-checkup-bench.sh [--runs N] [--tables N] [--interval DURATION] [--output FILE]
#   --runs N         timed runs (default 3; the median is reported)
#   --tables N       tables to create, each with 2 indexes (default 10000)
#   --interval D     the checkup's --interval between the pg_stat_statements samples (default 10s)
#   --output FILE    where the section goes (default docs/benchmarks.md; another file is written whole)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-common.sh

PG_BIN=/usr/lib/postgresql/15/bin
RUNS=3
TABLES=10000
INTERVAL=10s
OUTPUT=docs/benchmarks.md
TARGET_SECONDS=60
BATCH=500   # tables per transaction: each takes 5 locks (table, TOAST table and index, 2 indexes)
BEGIN_MARK='<!-- checkup-bench:begin (written by bench/run-checkup-bench.sh; edits here are overwritten) -->'
END_MARK='<!-- checkup-bench:end -->'

ARGS_TEXT=${*:+ $*}
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --tables) TABLES=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --output) OUTPUT=$2; shift 2 ;;
    -h|--help) bench_usage ;;
    *) echo "run-checkup-bench.sh: unknown argument $1" >&2; bench_usage ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ && $TABLES =~ ^[1-9][0-9]*$ ]] || { echo "run-checkup-bench.sh: --runs and --tables take a positive number" >&2; exit 2; }
[[ $INTERVAL =~ ^([0-9]+)s$ ]] || { echo "run-checkup-bench.sh: --interval takes whole seconds, like 10s" >&2; exit 2; }
INTERVAL_SECONDS=${BASH_REMATCH[1]}

if [[ $EUID -ne 0 ]]; then
  echo "run-checkup-bench.sh: run as root (it runs PostgreSQL as the postgres OS user)" >&2
  exit 1
fi
for tool in java mvn runuser "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/psql"; do
  command -v "$tool" >/dev/null || { echo "run-checkup-bench.sh: $tool is missing" >&2; exit 1; }
done
id postgres >/dev/null 2>&1 || { echo "run-checkup-bench.sh: there is no postgres OS user" >&2; exit 1; }

log() {
  echo "[$(date -u +%H:%M:%S)] $*" >&2
}

# ./dblab rebuilds cli/target/dblab.jar when it is missing or older than the sources
log "building the dblab jar if it is stale"
./dblab --help >/dev/null

WORK=$(mktemp -d /tmp/dblab-checkup-bench.XXXXXX)
chmod 755 "$WORK"   # the postgres OS user must reach the data directory below it
DATA=$WORK/data
RUN_DIR=$WORK/run   # owned by postgres: the server's socket and log

# Always stop the server and delete the directory, also when a step fails or the script is interrupted.
cleanup() {
  set +e
  if [[ -f $DATA/postmaster.pid ]]; then
    log "stopping the server"
    runuser -u postgres -- "$PG_BIN/pg_ctl" stop -D "$DATA" -m immediate -w >/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if [[ -z $(ss -Htln "sport = :$port") ]]; then
      echo "$port"
      return
    fi
  done
  echo "run-checkup-bench.sh: found no free port" >&2
  exit 1
}
PORT=$(free_port)

log "initdb in $DATA, port $PORT"
mkdir -p "$DATA" "$RUN_DIR"
chown postgres: "$DATA" "$RUN_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  >"$WORK/initdb.log"
# Defaults but for what the benchmark needs; fsync off only speeds up loading 10,000 tables (the
# checkup reads catalogs and statistics and writes nothing).
cat >>"$DATA/postgresql.conf" <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$RUN_DIR'
shared_preload_libraries = 'pg_stat_statements'
fsync = off
EOF
runuser -u postgres -- "$PG_BIN/pg_ctl" start -D "$DATA" -l "$RUN_DIR/server.log" -w >/dev/null

psql_local() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$RUN_DIR" -p "$PORT" -U postgres -d postgres "$@"
}

log "creating $TABLES tables with 2 indexes each, in transactions of $BATCH tables"
psql_local -c "CREATE EXTENSION pg_stat_statements"
for ((first = 1; first <= TABLES; first += BATCH)); do
  last=$((first + BATCH - 1 < TABLES ? first + BATCH - 1 : TABLES))
  psql_local <<EOF
DO \$\$
BEGIN
  FOR i IN $first..$last LOOP
    EXECUTE format('CREATE TABLE bench_%s (id bigint PRIMARY KEY, created timestamptz NOT NULL, note text)', i);
    EXECUTE format('CREATE INDEX bench_%s_created ON bench_%s (created)', i, i);
    IF i % 10 = 0 THEN
      EXECUTE format('INSERT INTO bench_%s SELECT g, now() - g * interval ''1 minute'', ''note '' || g '
                     'FROM generate_series(1, 100) g', i);
    END IF;
  END LOOP;
END
\$\$;
EOF
done
log "ANALYZE"
psql_local -c "ANALYZE"
read -r TABLE_COUNT INDEX_COUNT < <(psql_local -At -F ' ' -c "
  SELECT count(*) FILTER (WHERE c.relkind = 'r'), count(*) FILTER (WHERE c.relkind = 'i')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")
log "the database has $TABLE_COUNT tables and $INDEX_COUNT indexes in schema public"

PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
psql_local -c "ALTER ROLE postgres PASSWORD '$PASSWORD'"
PG_VERSION=$(psql_local -At -c "SELECT version()")

# One timed checkup run: NAME INTERVAL; sets LAST_MS and checks that the HTML report is there.
timed_run() {
  local name=$1 interval=$2 out=$WORK/report-$1 start end
  log "run $name (--interval $interval)"
  start=$(date +%s%N)
  PGPASSWORD=$PASSWORD ./dblab checkup run --conn "postgresql://postgres@127.0.0.1:$PORT/postgres" \
    --project bench --out "$out" --interval "$interval" >"$WORK/run-$name.out" 2>"$WORK/run-$name.err" || {
    echo "run-checkup-bench.sh: run $name failed:" >&2
    cat "$WORK/run-$name.out" "$WORK/run-$name.err" >&2
    exit 1
  }
  end=$(date +%s%N)
  if [[ ! -s $out/report.html ]]; then
    echo "run-checkup-bench.sh: run $name wrote no $out/report.html" >&2
    exit 1
  fi
  sed 's/^/  /' "$WORK/run-$name.out" >&2
  if [[ -s $WORK/run-$name.err ]]; then
    sed 's/^/  stderr: /' "$WORK/run-$name.err" >&2
  fi
  LAST_MS=$(((end - start) / 1000000))
  log "run $name: $LAST_MS ms"
}

declare -a TOTALS=() NO_WAIT=()
for ((run = 1; run <= RUNS; run++)); do
  timed_run "$run" "$INTERVAL"
  TOTALS+=("$LAST_MS")
done
# The same with --interval 0s: what the checks themselves take, which the timed runs hide behind the wait.
for ((run = 1; run <= RUNS; run++)); do
  timed_run "no-wait-$run" 0s
  NO_WAIT+=("$LAST_MS")
done
# What the last timed run found: the findings, checks that could not run at all, and checks that
# could not read every database; a benchmark of checks that failed would not be worth much.
SUMMARY=$(grep -h '^Findings:' "$WORK/run-$RUNS.out" || true)
NOT_RUN=$(grep -h '^Could not run:' "$WORK/run-$RUNS.out" || true)
PARTIAL=$(grep -l -e '"database_errors"' -e '"databases_not_checked"' "$WORK/report-$RUNS"/json/*.json 2>/dev/null |
  xargs -r -n1 basename | cut -d_ -f1 | paste -sd, - || true)

thousands() {
  sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"
}
seconds() {
  awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'
}
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
INTERVAL_MS=$((INTERVAL_SECONDS * 1000))
MEDIAN=$(median "${TOTALS[@]}")
MEDIAN_WITHOUT=$((MEDIAN - INTERVAL_MS))
MEDIAN_NO_WAIT=$(median "${NO_WAIT[@]}")
# the runner's own duration as the summary line gives it ("… 30 check(s) in 3.7 s."): connecting,
# collecting and concluding, without the JVM start and the writing of the report
MEDIAN_RUNNER=$(median $(sed -n 's/.* check(s) in \([0-9.]*\) s\.$/\1/p' "$WORK"/run-no-wait-*.out |
  awk '{ printf "%d\n", $1 * 1000 }'))
CHECK_COUNT=$(sed -n 's/.*), \([0-9]*\) check(s) in .*/\1/p' "$WORK/run-$RUNS.out")
if ((MEDIAN <= TARGET_SECONDS * 1000)); then VERDICT="met"; else VERDICT="**not met**"; fi

MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1024 / 1024 }' /proc/meminfo)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
OS=$(. /etc/os-release && echo "$PRETTY_NAME")

ROWS=""
for ((run = 1; run <= RUNS; run++)); do
  ms=${TOTALS[run - 1]}
  ROWS+="| $run | $(seconds "$ms") | $(seconds $((ms - INTERVAL_MS))) | $(seconds "${NO_WAIT[run - 1]}") |"$'\n'
done

SECTION=$(cat <<EOF
$BEGIN_MARK
## Checkup: $(thousands "$TABLE_COUNT") tables and $(thousands "$INDEX_COUNT") indexes

Measured on $(date -u '+%Y-%m-%d %H:%M') UTC with

\`\`\`
bench/run-checkup-bench.sh${ARGS_TEXT:-}
\`\`\`

Machine: $(nproc) CPUs (${CPU:-unknown}), $MEM memory, $OS, kernel $(uname -r); \`$PG_VERSION\`.

**The database.** A fresh cluster (initdb, default settings but \`shared_preload_libraries =
'pg_stat_statements'\`, and \`fsync = off\`, which only speeds up loading: the checkup writes nothing),
and in database \`postgres\` $(thousands "$TABLE_COUNT") tables \`(id bigint PRIMARY KEY, created timestamptz
NOT NULL, note text)\`, each with an index on \`created\`: $(thousands "$INDEX_COUNT") indexes in all (and a
TOAST table with its index per table). One table in ten has 100 rows,
the others are empty; ANALYZE after loading; \`pg_stat_statements\` created.

**What is timed.** The whole command, from start to exit (JVM start, connecting, all checks,
writing the JSON, Markdown and HTML report), $RUNS runs in a row:

\`\`\`
PGPASSWORD=… ./dblab checkup run --conn postgresql://postgres@127.0.0.1:PORT/postgres --project bench --out DIR --interval $INTERVAL
\`\`\`

The checkup takes its first \`pg_stat_statements\` sample, runs the other checks, waits for the rest
of \`--interval\` ($INTERVAL here) and takes the second sample; so a run lasts at least the interval,
and "without the interval" (total − $INTERVAL) is the time beyond that wait. The other checks run
during the wait, so their time hides in it; the last column times the same command with
\`--interval 0s\` (the two samples back to back), run after the timed runs: the whole run without any
wait. Of that, the checkup itself (connecting, collecting, concluding, as its summary line reports
it) took $(seconds "$MEDIAN_RUNNER") (median); the rest is the JVM's start and writing the report.

| run | total | without the interval | with \`--interval 0s\` |
|---|---|---|---|
$ROWS| **median** | **$(seconds "$MEDIAN")** | **$(seconds "$MEDIAN_WITHOUT")** | **$(seconds "$MEDIAN_NO_WAIT")** |

Target: a full run ≤ $TARGET_SECONDS s — **$VERDICT** (median $(seconds "$MEDIAN")).

The last timed run: ${CHECK_COUNT:-?} checks, $(if [[ -z $NOT_RUN && -z $PARTIAL ]]; then echo "all of them ran and read every database"; else echo "${NOT_RUN:+$NOT_RUN }${PARTIAL:+could not read every database: $PARTIAL}"; fi). ${SUMMARY:-No summary line.}
$END_MARK
EOF
)

bench_write_section "$OUTPUT" "$BEGIN_MARK" "$END_MARK" "$SECTION"
log "median $(seconds "$MEDIAN") (without the interval $(seconds "$MEDIAN_WITHOUT"); --interval 0s $(seconds "$MEDIAN_NO_WAIT")), target $VERDICT; written to $OUTPUT"
