#!/usr/bin/env bash
# What a physical snapshot's promoted copy pays per page it writes on btrfs: random 8 kB writes into
# a snapshot of a 1 GiB file that was written once, or rewritten page by page as a standby rewrites
# its tables; with quotas off and on. Writes its section of docs/benchmarks.md.
#
# Needs: root (loop devices, mount), btrfs-progs, filefrag (e2fsprogs), one free loop device, ~2 GB
# free in /tmp. Takes about 3 minutes.
#
# Usage: bench/run-cow-write-bench.sh [--runs N] [--writes N] [--rounds N] [--output FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-common.sh

bench_prepare run-cow-write-bench.sh
bench_run CowWriteBench bench/target/cow-write-bench.log bench/run-cow-write-bench.sh "$@"
