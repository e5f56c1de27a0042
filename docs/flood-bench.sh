#!/bin/sh
# Flood benchmark (issue 4): amplification factors, a one-/24 flood against Tandem (RRL on/off) and
# knotd with mod-rrl, and the throughput cost of RRL (dnsperf). Loopback only; about 6 x SECONDS s.
# Usage: docs/flood-bench.sh [SECONDS]   (default 8, at most 25 per phase)
set -e
cd "$(dirname "$0")/.."
flock /tmp/tandem-mvn.lock mvn -o -q -B test-compile -pl server -am
CP=$(mvn -o -q -B dependency:build-classpath -pl server -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
exec java -cp "server/target/test-classes:server/target/classes:zone-sync/target/classes:zones/target/classes:$CP" \
  io.tandemdns.server.flood.FloodBench "${1:-8}"
