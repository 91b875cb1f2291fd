#!/usr/bin/env bash
# Joe's benchmark (issue 13): a `./dblab engine run` process with a pgbench database and a `./dblab joe
# run` process on it. (a) Joe's overhead on `explain`: the HTTP call's time minus the planning and
# execution time the plan reports, median over 11 varied queries, each run several times (target ≤ 50 ms);
# (b) a new session's first command minus the clone creation time the engine reports (target ≤ 100 ms).
# Writes its section of docs/benchmarks.md (--quick: scale 1 and fewer runs, into bench/target/).
#
# Needs: root, btrfs-progs, PostgreSQL 15 in /usr/lib/postgresql/15/bin, one free loop device, ~2 GB free
# in /tmp. Takes about 3 minutes on 2 CPUs; --quick about 1.
#
# Usage: bench/run-joe-bench.sh [--quick] [--scale 10] [--runs 5] [--sessions 7] [--output FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-common.sh

bench_prepare run-joe-bench.sh
bench_run JoeBench bench/target/joe-bench-engine.log bench/run-joe-bench.sh "$@"
