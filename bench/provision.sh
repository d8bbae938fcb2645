#!/usr/bin/env bash
# Provisioning benchmark: embedded regions (fsync on) started by the benchmark itself; see README "Benchmarks".
#   bench/provision.sh [TENANTS=1000]          (quick check: bench/provision.sh 90)
# In one run: the raw baseline (the template SQL executed directly, schema after schema, one
# connection per region), then TENANTS tenants over the local catalog's three regions through bulk
# onboarding ('provision --file' semantics, in-process), then 15 through the one-tenant 'provision'
# (-Dbench.single=N); every bulk schema is then checked with Flyway's validate.
# Last line: provision: tenants_per_s=<n> raw_per_s=<n> vs_raw=<ratio>
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-1000}
exec bench/jvm.sh ProvisionBenchmark "$TENANTS"
