#!/usr/bin/env bash
# Cost as clones accumulate: 200 and then 500 clones made one after another through the API of a
# `./dblab engine run` process, against the same numbers made by hand (btrfs snapshot + pg_ctl start +
# role + connection) on the same pool; time of the first and last 20, PSS per idle clone, idle CPU;
# and what GET /metrics, /status and /clones cost (time and engine CPU) at 1 clone and at each count.
# Writes its section of docs/benchmarks.md (--quick: 40 and 60 clones, into bench/target/).
#
# Needs: root, btrfs-progs, PostgreSQL 15 in /usr/lib/postgresql/15/bin, one free loop device, ~6 GB of
# memory for 500 idle servers. Takes about 20 minutes on 2 CPUs; --quick about 3.
#
# Usage: bench/run-accumulation-bench.sh [--quick] [--quotas] [--counts 200,500] [--output FILE]
#   --quotas      the pool with quotas: true (btrfs quota groups make each snapshot's commit account
#                 for what every running clone changed)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-common.sh

bench_prepare run-accumulation-bench.sh
bench_run AccumulationBench bench/target/accumulation-bench-engine.log bench/run-accumulation-bench.sh "$@"
