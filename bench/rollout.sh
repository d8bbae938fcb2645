#!/usr/bin/env bash
# Rollout benchmark: embedded regions started by the benchmark itself; see README "Benchmarks".
#   bench/rollout.sh [TENANTS=2000] [PLAN_TENANTS=10000] [NAIVE_SAMPLE=300]
# The JVM runs with -Xmx256m, so the rollout of PLAN_TENANTS tenants also proves the memory target,
# and with -XX:TieredStopAtLevel=1: the orchestrator is a short-lived, I/O-bound command, and C2's
# compiler threads (0.5 s of CPU per measured rollout here) would otherwise take CPU from the
# PostgreSQL servers that share the machine; the raw baseline runs in the same JVM, same flags.
# BENCH_JAVA_OPTS adds JVM options (e.g. -Dbench.parallel=2 -Dbench.batch=32 -Dbench.wave-size=50%).
# Then: workers: local=<schemas/s> remote1=<schemas/s> remote2=<schemas/s> (same migration on threads, 1 and 2 worker JVMs)
# Last line: rollout: apply=<schemas/s> naive=<schemas/s> raw=<schemas/s> vs_raw=.. vs_naive=.. noop_plan_10k=..s
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-2000}
PLAN_TENANTS=${2:-10000}
NAIVE_SAMPLE=${3:-300}
exec bench/jvm.sh RolloutBenchmark "$TENANTS" "$PLAN_TENANTS" "$NAIVE_SAMPLE"
