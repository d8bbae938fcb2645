#!/usr/bin/env bash
# Retention benchmark: an embedded region started by the benchmark itself; see README "Benchmarks".
#   bench/retention.sh [TENANTS=100] [ROWS=1000000]     (quick check: bench/retention.sh 20 50000)
# Seeds two identical sets of TENANTS tenants holding ROWS expired rows each set, purges one with a
# plain DELETE per table per tenant and the other with 'retention run', a writer running beside both.
# Last line: retention: rows_per_s=<n> vs_single_delete=<ratio> max_lock_ms=<ms> writer_p99_ms=<ms> baseline_writer_p99_ms=<ms>
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${1:-100}
ROWS=${2:-1000000}
exec bench/jvm.sh RetentionBenchmark "$TENANTS" "$ROWS"
