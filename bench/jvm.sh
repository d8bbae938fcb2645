#!/usr/bin/env bash
# Builds the project, then runs one benchmark class of the orchestrator's tests with the benchmarks'
# JVM flags (see bench/rollout.sh for why): bench/jvm.sh CLASS [ARG...], CLASS under io.tenantfleet.bench.
# BENCH_JAVA_OPTS adds JVM options. The run's embedded servers and data live under bench/out/run-*;
# removed afterwards unless KEEP=1. BENCH_FLEET=DIR (sync and residency) keeps the seeded fleet in DIR
# and later runs with the same DIR and tenant count reuse it instead of seeding again; SEED_ONLY=1
# seeds it and stops. Exits with the benchmark's status.
set -euo pipefail
cd "$(dirname "$0")/.."
CLASS=$1
shift
./mvnw -B -q -DskipTests install
CP_FILE=$(mktemp)
./mvnw -B -q -pl orchestrator dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="orchestrator/target/test-classes:orchestrator/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
status=0
FLEET_OPTS=""
[ -z "${BENCH_FLEET:-}" ] || FLEET_OPTS="-Dbench.fleet=$(realpath -m "$BENCH_FLEET") -Dbench.seed-only=${SEED_ONLY:-0}"
java -Xmx256m -XX:TieredStopAtLevel=1 $FLEET_OPTS ${BENCH_JAVA_OPTS:-} -cp "$CP" "io.tenantfleet.bench.$CLASS" "$@" || status=$?
[ "${KEEP:-0}" = 1 ] || rm -rf bench/out
exit $status
