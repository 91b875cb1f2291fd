# Shared by the benchmark scripts in bench/ (source it; it is not run on its own): checks, the build,
# a work directory under /tmp and the cleanup of everything under it, and the Java command.
#
# bench_prepare NAME    checks root and tools, builds the benchmark jar, makes $WORK and traps cleanup
# bench_run CLASS LOG SCRIPT ARGS…
#                       runs io.dblab.bench.CLASS at nice -10 with the engine's log in LOG
# bench_usage           prints the calling script's header comment (its usage) and exits 2
# bench_write_section FILE BEGIN END SECTION
#                       puts SECTION between the markers BEGIN and END of FILE (docs/benchmarks.md)

PG_BIN=/usr/lib/postgresql/15/bin

bench_usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

bench_prepare() {
  local name=$1
  if [[ $EUID -ne 0 ]]; then
    echo "$name: run as root (it mounts btrfs images and runs PostgreSQL as the postgres user)" >&2
    exit 1
  fi
  for tool in mkfs.btrfs btrfs losetup findmnt java mvn "$PG_BIN/pgbench" "$PG_BIN/pg_ctl"; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is missing" >&2; exit 1; }
  done

  # package, never install: other modules' artifacts stay out of the local repository, and the
  # reactor builds the engine from this tree; cli's jar is what `./dblab engine run` runs
  mvn -q -B -o -pl bench,cli -am package -DskipTests

  WORK=$(mktemp -d /tmp/dblab-bench.XXXXXX)
  chmod 755 "$WORK"   # the postgres OS user must reach the data directories below it
  trap bench_cleanup EXIT
}

# The benchmark cleans up after itself, also when it fails; this catches what a killed JVM left
# behind, and touches only what lies under $WORK.
bench_cleanup() {
  set +e
  pgrep -a -x postgres | while read -r _ args; do
    dir=$(sed -n 's/.* -D \([^ ]*\).*/\1/p' <<<"$args")
    if [[ $dir == "$WORK"/* ]]; then
      echo "cleanup: stopping the server left in $dir"
      runuser -u postgres -- "$PG_BIN/pg_ctl" stop -D "$dir" -m immediate -w >/dev/null
    fi
  done
  findmnt -rn -o TARGET | grep "^$WORK/" | sort -r | while read -r target; do
    echo "cleanup: unmounting $target"
    umount "$target"
  done
  losetup --list --noheadings -O NAME,BACK-FILE | awk -v w="$WORK/" 'index($2, w) == 1 { print $1 }' |
    while read -r device; do
      echo "cleanup: detaching $device"
      losetup -d "$device"
    done
  if findmnt -rn -o TARGET | grep -q "^$WORK/"; then
    echo "cleanup: something is still mounted under $WORK; not deleting it" >&2
  else
    rm -rf "$WORK"
  fi
  if losetup -a | grep -F "$WORK"; then
    echo "cleanup: loop devices of this run are still attached (above)" >&2
  else
    echo "losetup -a: no loop device of this run is attached"
  fi
}

bench_run() {
  local class=$1 log=$2 script=$3
  shift 3
  # java.io.tmpdir puts the source servers (TestPostgres) under $WORK as well. nice -10 (inherited by
  # every postgres process it starts) keeps other work on a shared machine from swamping the figures.
  nice -n -10 java -Xmx2g -Djava.io.tmpdir="$WORK" -Dbench.log="$log" \
    -cp bench/target/dblab-bench.jar "io.dblab.bench.$class" \
    --work-dir "$WORK" --command "$script${*:+ $*}" "$@"
}

# bench_write_section FILE BEGIN_MARK END_MARK SECTION
#                       replaces a script's section of FILE (between its markers) with SECTION and
#                       keeps the rest of the file; appends it when the markers are missing
bench_write_section() {
  local file=$1 begin=$2 end=$3 section=$4 tmp
  tmp=$(mktemp "$file.XXXXXX")
  if [[ -f $file ]] && grep -qF "$begin" "$file"; then
    SECTION=$section awk -v begin="$begin" -v end="$end" '
      $0 == begin { print ENVIRON["SECTION"]; skipping = 1; next }
      skipping && $0 == end { skipping = 0; next }
      !skipping { print }' "$file" >"$tmp"
  elif [[ -f $file ]]; then
    { cat "$file"; echo; echo "$section"; } >"$tmp"
  else
    echo "$section" >"$tmp"
  fi
  chmod 644 "$tmp"
  mv "$tmp" "$file"
}
