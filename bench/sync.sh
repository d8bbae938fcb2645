#!/usr/bin/env bash
# Sync benchmark: embedded regions started by the benchmark itself; see README "Benchmarks".
#   bench/sync.sh [TENANTS=10000]          (quick check: bench/sync.sh 300)
# Seeds TENANTS tenants round-robin over the local catalog's three regions, each with a few users,
# assessments and results, then times 'sync' over every region (every destination writes every row)
# and a second run with nothing changed; same JVM flags as bench/rollout.sh.
# BENCH_JAVA_OPTS adds JVM options (e.g. -Dbench.seed-per-transaction=10 -Dbench.seed-per-session=20).
# Last line: sync: tenants_per_s=<n> full_run_s=<s> noop_run_s=<s>
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-10000}
exec bench/jvm.sh SyncBenchmark "$TENANTS"
