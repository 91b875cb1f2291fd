#!/usr/bin/env bash
# The clone benchmark: clone creation and reset through the engine API against the raw floor
# (btrfs snapshot + settings + pg_ctl start + role + connection) on the same pool, full copies for comparison,
# and the memory of 50 idle clones; in one run for a ~150 MB and a ~1.5 GB pgbench database and a database
# of 10,000 small tables (~400 MB in ~51,000 files in each clone: where a cost per file would show).
# Writes its section of docs/benchmarks.md (--quick writes bench/target/clone-bench-quick.md, with 1,000 tables).
#
# Needs: root (loop devices, mounts, the postgres OS user, clone identities), btrfs-progs, PostgreSQL 15 in
# /usr/lib/postgresql/15/bin, three free loop devices, ~10 GB free in /tmp. Takes about 12 minutes on 2 CPUs,
# of which about 6 for the 10,000-table database (filling the source 1.5, retrieval 2, full copies 1.5);
# --quick about 4.
#
# The figures in docs/benchmarks.md, on a quiet machine: sudo bench/run-clone-bench.sh
#
# Usage: bench/run-clone-bench.sh [--quick] [--runs N] [--density N] [--scales 10,100] [--tables 10000]
#                                 [--image-size 12GiB] [--output FILE]
#        (--tables 0 leaves the many-tables database out; --scales '' the pgbench ones)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-common.sh

bench_prepare run-clone-bench.sh
bench_run CloneBench bench/target/clone-bench-engine.log bench/run-clone-bench.sh "$@"
