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
source bench/bench-common.sh

bench_prepare run-clone-bench.sh
bench_run CloneBench bench/target/clone-bench-engine.log bench/run-clone-bench.sh "$@"
