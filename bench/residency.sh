#!/usr/bin/env bash
# Residency benchmark: embedded regions started by the benchmark itself; see README "Benchmarks".
#   bench/residency.sh [TENANTS=10000]          (quick check: bench/residency.sh 300)
# Seeds TENANTS tenants round-robin over the local catalog's three regions with the sync benchmark's
# rows (each tenant with an audit chain), then times 'residency report' over every region on new
# server sessions three times (-Dbench.cold-reports=N) and once warm, and per region the tenants'
# checks as the report makes them (tables copied, chains verified in the JVM), the same through
# fleet.residency_tenant_checks, and the other queries of the region's read.
# JVM: -Xmx256m as bench/jvm.sh sets, but with the JVM's default compilers (C1 and C2), as
# 'java -jar orchestrator.jar residency report' runs: the report hashes every audit row (SHA-256),
# and only C2-compiled code uses the CPU's SHA instructions. The C1-only setting of the other
# benchmarks (bench/rollout.sh says why) can be had back with BENCH_JAVA_OPTS=-XX:TieredStopAtLevel=1.
# BENCH_JAVA_OPTS adds JVM options (e.g. -Dbench.seed-per-transaction=10 -Dbench.seed-per-session=20).
# Last line: residency: tenants=<n> report_s=<s>   (the median of the reports on new sessions)
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-10000}
BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=4 ${BENCH_JAVA_OPTS:-}" exec bench/jvm.sh ResidencyBenchmark "$TENANTS"
