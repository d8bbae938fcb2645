#!/usr/bin/env bash
# Residency benchmark: embedded regions started by the benchmark itself; see README "Benchmarks".
#   bench/residency.sh [TENANTS=10000]          (quick check: bench/residency.sh 300)
# Seeds TENANTS tenants round-robin over the local catalog's three regions with the sync benchmark's
# rows (each tenant with an audit chain), then times 'residency report' over every region on new
# server sessions three times (-Dbench.cold-reports=N) and once warm, and per region
# fleet.residency_tenant_checks and the other queries of the region's read; same JVM flags as bench/sync.sh.
# BENCH_JAVA_OPTS adds JVM options (e.g. -Dbench.seed-per-transaction=10 -Dbench.seed-per-session=20).
# Last line: residency: tenants=<n> report_s=<s>   (the median of the reports on new sessions)
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-10000}
exec bench/jvm.sh ResidencyBenchmark "$TENANTS"
