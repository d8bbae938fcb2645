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
./mvnw -B -q -DskipTests install
CP_FILE=$(mktemp)
./mvnw -B -q -pl orchestrator dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
# the run's embedded servers and data live under bench/out/run-*; removed afterwards unless KEEP=1
status=0
java -Xmx256m -XX:TieredStopAtLevel=1 ${BENCH_JAVA_OPTS:-} -cp "$CP" io.tenantfleet.bench.SyncBenchmark "$TENANTS" || status=$?
[ "${KEEP:-0}" = 1 ] || rm -rf bench/out
exit $status
