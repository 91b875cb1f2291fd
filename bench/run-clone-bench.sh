#!/usr/bin/env bash
# The clone benchmark: clone creation and reset through the engine API against the raw floor
# (btrfs snapshot + pg_ctl start + role + connection) on the same pool, full copies for comparison,
# and the memory of 50 idle clones; for a ~150 MB and a ~1.5 GB pgbench database in one run.
# Writes its section of docs/benchmarks.md (--quick writes bench/target/clone-bench-quick.md).
#
# Needs: root (loop device, mount, the postgres OS user), btrfs-progs, PostgreSQL 15 in
# /usr/lib/postgresql/15/bin, two free loop devices, ~10 GB free in /tmp. Takes about 5 minutes.
#
# Usage: bench/run-clone-bench.sh [--quick] [--runs N] [--density N] [--scales 10,100]
#                                 [--image-size 12GiB] [--output FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=/usr/lib/postgresql/15/bin
if [[ $EUID -ne 0 ]]; then
  echo "run-clone-bench.sh: run as root (it mounts a btrfs image and runs PostgreSQL as the postgres user)" >&2
  exit 1
fi
for tool in mkfs.btrfs btrfs losetup findmnt java mvn "$PG_BIN/pgbench" "$PG_BIN/pg_ctl"; do
  command -v "$tool" >/dev/null || { echo "run-clone-bench.sh: $tool is missing" >&2; exit 1; }
done

mvn -q -B -o install -DskipTests -pl bench -am

WORK=$(mktemp -d /tmp/dblab-bench.XXXXXX)
chmod 755 "$WORK"   # the postgres OS user must reach the data directories below it

# The benchmark cleans up after itself, also when it fails; this catches what a killed JVM left
# behind, and touches only what lies under $WORK.
cleanup() {
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
trap cleanup EXIT

# java.io.tmpdir puts the source server (TestPostgres) under $WORK as well. nice -10 (inherited by
# every postgres process it starts) keeps other work on a shared machine from swamping the figures.
nice -n -10 java -Xmx2g -Djava.io.tmpdir="$WORK" -Dbench.log=bench/target/clone-bench-engine.log \
  -jar bench/target/dblab-bench.jar --work-dir "$WORK" --command "bench/run-clone-bench.sh${*:+ $*}" "$@"
