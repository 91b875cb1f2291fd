#!/usr/bin/env bash
# The CLI start-up benchmark (issue 12): how long one dblab command takes from the shell, start to
# exit, for commands that do little (--version, help) and one that asks a running engine
# (snapshot list). Each is timed N times through ./dblab (the way a user runs it: with the
# class-data archive and the short-command JVM options) and as plain `java -jar cli/target/dblab.jar`
# (the JVM's defaults), and optionally with another jar (--baseline-jar, e.g. an older build).
# Writes its section of docs/benchmarks.md.
#
# The engine: --url and DBLAB_VERIFICATION_TOKEN of a running one, or else the script starts
# `./dblab demo --scale 0.01` on --port and stops it at the end (as root that is a btrfs pool on a
# loop device; otherwise a reflink pool in a directory).
#
# Usage: bench/run-cli-startup-bench.sh [--runs N] [--url URL] [--port PORT] [--baseline-jar JAR] [--output FILE]
#   --runs N            timed runs of each command (default 10; the median is reported)
#   --url URL           a running engine (its token in DBLAB_VERIFICATION_TOKEN)
#   --port PORT         API port of the demo this script starts when there is no --url (default 18490)
#   --baseline-jar JAR  also time this jar with plain `java -jar`
#   --output FILE       where the section goes (default docs/benchmarks.md; another file is written whole)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/bench-common.sh

RUNS=10
URL=""
PORT=18490
BASELINE_JAR=""
OUTPUT=docs/benchmarks.md
TARGET_SECONDS=0.5
JAR=cli/target/dblab.jar
BEGIN_MARK='<!-- cli-startup-bench:begin (written by bench/run-cli-startup-bench.sh; edits here are overwritten) -->'
END_MARK='<!-- cli-startup-bench:end -->'

ARGS_TEXT=${*:+ $*}
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --url) URL=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --baseline-jar) BASELINE_JAR=$2; shift 2 ;;
    --output) OUTPUT=$2; shift 2 ;;
    -h|--help) bench_usage ;;
    *) echo "run-cli-startup-bench.sh: unknown argument $1" >&2; bench_usage ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run-cli-startup-bench.sh: --runs takes a positive number" >&2; exit 2; }
[[ -z $BASELINE_JAR || -f $BASELINE_JAR ]] || { echo "run-cli-startup-bench.sh: no jar at $BASELINE_JAR" >&2; exit 2; }
if [[ -n $URL && -z ${DBLAB_VERIFICATION_TOKEN:-} ]]; then
  echo "run-cli-startup-bench.sh: --url needs the engine's token in DBLAB_VERIFICATION_TOKEN" >&2
  exit 2
fi

log() {
  echo "[$(date -u +%H:%M:%S)] $*" >&2
}

WORK=$(mktemp -d /tmp/dblab-cli-bench.XXXXXX)
chmod 755 "$WORK"   # the demo's postgres processes must reach the directories below it
DEMO_PID=""
cleanup() {
  set +e
  if [[ -n $DEMO_PID ]] && kill -0 "$DEMO_PID" 2>/dev/null; then
    log "stopping the demo (it removes what it made)"
    # TERM, not INT: a job started with & in a script ignores SIGINT, and so does its JVM
    kill -TERM "$DEMO_PID"
    wait "$DEMO_PID"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building the jar and its class-data archive if they are stale"
./dblab --version >/dev/null

if [[ -z $URL ]]; then
  log "starting ./dblab demo on port $PORT"
  ./dblab demo --scale 0.01 --port "$PORT" --work-dir "$WORK/demo" --checkup-out "$WORK/report" \
    >"$WORK/demo.out" 2>&1 &
  DEMO_PID=$!
  until grep -q '^The demo is running' "$WORK/demo.out"; do
    if ! kill -0 "$DEMO_PID" 2>/dev/null; then
      tail -n 20 "$WORK/demo.out" >&2
      echo "run-cli-startup-bench.sh: the demo failed" >&2
      exit 1
    fi
    sleep 1
  done
  URL="http://127.0.0.1:$PORT"
  DBLAB_VERIFICATION_TOKEN=$(sed -n 's/.*DBLAB_VERIFICATION_TOKEN=\([A-Za-z0-9]*\) .*/\1/p' "$WORK/demo.out" | head -n 1)
fi
export DBLAB_INSTANCE_URL=$URL DBLAB_VERIFICATION_TOKEN
export DBLAB_CLI_HOME=$WORK/home   # no cli.yml of the user's is read

# Times the variants of one command (each a command line in a string) $RUNS times in turn, so
# that load which comes and goes on a shared machine weighs on all of them alike, at nice -10; sets
# MEDIANS[variant] to "WALL CPU": the medians of the elapsed and of the user + system CPU seconds.
# The first variant must succeed; the others may fail (an older jar may not know the command: its
# usage error still shows what its start costs).
declare -A MEDIANS
time_variants() {
  local i variant times
  # shellcheck disable=SC2086
  $1 >/dev/null 2>&1 || { echo "run-cli-startup-bench.sh: '$1' failed:" >&2; $1 >&2; exit 1; }
  for variant in "$@"; do
    : >"$WORK/times.${#variant}.$(cksum <<<"$variant" | cut -d' ' -f1)"
  done
  for ((i = 0; i < RUNS; i++)); do
    for variant in "$@"; do
      times="$WORK/times.${#variant}.$(cksum <<<"$variant" | cut -d' ' -f1)"
      # shellcheck disable=SC2086
      nice -n -10 /usr/bin/time -a -o "$times" -f '%e %U %S' $variant >/dev/null 2>&1 || true
    done
  done
  for variant in "$@"; do
    times="$WORK/times.${#variant}.$(cksum <<<"$variant" | cut -d' ' -f1)"
    MEDIANS[$variant]="$(grep -v '^Command' "$times" | awk '{ print $1 }' | median_of) $(grep -v '^Command' "$times" | awk '{ print $2 + $3 }' | median_of)"
  done
}
median_of() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
cell() {
  read -r wall cpu <<<"$1"
  echo "$wall s (CPU $cpu s)"
}

COMMANDS=("--version" "help" "snapshot list")
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
declare -A SCRIPT PLAIN BASELINE
for command in "${COMMANDS[@]}"; do
  log "timing: $command"
  variants=("./dblab $command" "java -jar $JAR $command")
  [[ -n $BASELINE_JAR ]] && variants+=("java -jar $BASELINE_JAR $command")
  time_variants "${variants[@]}"
  SCRIPT[$command]=${MEDIANS["./dblab $command"]}
  PLAIN[$command]=${MEDIANS["java -jar $JAR $command"]}
  [[ -n $BASELINE_JAR ]] && BASELINE[$command]=${MEDIANS["java -jar $BASELINE_JAR $command"]}
done
FLOOR_COMMAND="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -version"
STALENESS_COMMAND="find pom.xml pg/src/main client/src/main engine/src/main checkup/src/main cli/src/main pg/pom.xml client/pom.xml engine/pom.xml checkup/pom.xml cli/pom.xml -type f -newer $JAR -print -quit"
time_variants "$FLOOR_COMMAND" "$STALENESS_COMMAND"
FLOOR=${MEDIANS[$FLOOR_COMMAND]}
STALENESS=${MEDIANS[$STALENESS_COMMAND]}
LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)

ROWS=""
MET=0
for command in "${COMMANDS[@]}"; do
  wall=${SCRIPT[$command]%% *}
  verdict=$(awk -v w="$wall" -v t="$TARGET_SECONDS" 'BEGIN { print (w <= t) ? "met" : "not met" }')
  [[ $verdict == met ]] && MET=$((MET + 1))
  ROWS+="| \`dblab $command\` | $(cell "${SCRIPT[$command]}") | $(cell "${PLAIN[$command]}") |"
  [[ -n $BASELINE_JAR ]] && ROWS+=" $(cell "${BASELINE[$command]}") |"
  ROWS+=" $verdict |"$'\n'
done
BASELINE_HEADER=${BASELINE_JAR:+ \`java -jar $BASELINE_JAR\` |}
BASELINE_NOTE=""
if [[ -n $BASELINE_JAR ]]; then
  BASELINE_NOTE=" The older jar answers the commands it does not know (\`--version\`, \`help\`) with a usage
error, after the same start."
fi
BASELINE_RULE=${BASELINE_JAR:+---|}

MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1024 / 1024 }' /proc/meminfo)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
OS=$(. /etc/os-release && echo "$PRETTY_NAME")

SECTION=$(cat <<EOF
$BEGIN_MARK
## CLI start-up: one command from the shell

Measured on $(date -u '+%Y-%m-%d %H:%M') UTC with

\`\`\`
bench/run-cli-startup-bench.sh${ARGS_TEXT:-}
\`\`\`

Machine: $(nproc) CPUs (${CPU:-unknown}), $MEM memory, $OS, kernel $(uname -r); $(java -version 2>&1 | head -n 1).
Load average (1 min) $LOAD_BEFORE at the start, $LOAD_AFTER at the end: on a shared machine the
elapsed time grows with the load, the CPU time much less.

**What is timed.** Each command $RUNS times at nice -10, from start to exit, the columns in turn
(so that load which comes and goes weighs on all alike); medians of the elapsed time and of the CPU
time (user + system). \`snapshot list\` asks a running engine on loopback
(the demo's, with one snapshot). \`./dblab\` is the command as users run it: the script checks
that the jar is up to date, then starts the JVM with the class-data archive made after the build
(\`-XX:SharedArchiveFile=cli/target/dblab.jsa\`) and, for short commands,
\`-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData\`. \`java -jar\` is the same jar with the
JVM's defaults.$BASELINE_NOTE

| command | \`./dblab\` | \`java -jar $JAR\` |$BASELINE_HEADER target ≤ ${TARGET_SECONDS} s |
|---|---|---|${BASELINE_RULE}---|
$ROWS
For scale: the JVM alone (\`java -version\` with the same options) takes $(cell "$FLOOR"); the
script's check that the jar is up to date (\`find\` over the main sources and poms of the modules
in the jar) $(cell "$STALENESS").

**Where the time went before** (issue 12, measured by hand with \`/usr/bin/time\`): every call
built picocli's model of all commands by reflection,
loaded and verified its classes from the 19 MB jar, and ran with the JVM's defaults for long-running
programs (the C2 compiler's and G1's threads); the script also scanned the test sources of every
module. Now a call registers only the command it runs, classes come from the archive, short
commands use C1 and the serial collector, and the scan covers only what goes into the jar.

**Where the time of \`snapshot list\` went** (by hand, \`strace -f -tt\` and \`-Xlog:class+load\`,
2026-12-05): the answer was printed about 0.5 s after the JVM started; the JVM then spent about
0.3 s more before it exited, because at exit HotSpot waits up to 300 ms (in 10-ms steps) for
threads running in native code, and the JDK's HTTP client keeps its selector thread in
\`epoll_wait\`. Java 17's client cannot be closed (\`close()\` came in Java 21), but interrupting
that thread ends its loop: \`dblab\` does so once the command has run (at 9f08c03). The client no
longer sets up the JVM's default TLS context (reading the system's trust store) to talk plain HTTP.
$END_MARK
EOF
)

bench_write_section "$OUTPUT" "$BEGIN_MARK" "$END_MARK" "$SECTION"
log "written to $OUTPUT ($MET of ${#COMMANDS[@]} commands within ${TARGET_SECONDS} s)"
