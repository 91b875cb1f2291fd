#!/usr/bin/env bash
# The retrieval benchmark, for a ~150 MB and a ~1.5 GB pgbench database in one run:
# - logical full refresh through the engine (rows streamed with COPY, the rest through pg_dump and
#   pg_restore, 2 jobs) against the same copy made by hand (pg_dump, initdb, start, pg_restore), in
#   turns, with where the engine's time goes;
# - physical retrieval: engine start → first snapshot (pg_basebackup, standby, promoted copy), and
#   POST /snapshot on the running standby, idle and while pgbench writes to the source.
# Writes its section of docs/benchmarks.md (--quick, small sizes, writes
# bench/target/retrieval-bench-quick.md).
#
# Needs: root (loop devices, mount, the postgres OS user), btrfs-progs, PostgreSQL 15 in
# /usr/lib/postgresql/15/bin, one free loop device, ~12 GB free in /tmp. Takes about 15 minutes, more
# when physical snapshots under the unthrottled pgbench load slow down (they did, to minutes each).
#
# Usage: bench/run-retrieval-bench.sh [--quick] [--scales 10,100] [--refreshes N] [--snapshots N]
#                                     [--image-size 12GiB] [--output FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-common.sh

bench_prepare run-retrieval-bench.sh
bench_run RetrievalBench bench/target/retrieval-bench-engine.log bench/run-retrieval-bench.sh "$@"
