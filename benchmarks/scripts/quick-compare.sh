#!/usr/bin/env bash
# Rough UDP QPS of Tandem and Knot DNS on the same zone, one after the other, with dnsperf.
# Bounded: each run lasts DURATION seconds (default 10); only 127.0.0.1 is queried.
# Usage: benchmarks/scripts/quick-compare.sh [DURATION]   (run from the repository root;
# builds the jar first if server/target/tandem.jar is missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
WORK=$(mktemp -d /tmp/tandem-quick.XXXXXX)
TANDEM_PORT=${TANDEM_PORT:-55301}
KNOT_PORT=${KNOT_PORT:-55302}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[ -f server/target/tandem.jar ] || mvn -B -q package -DskipTests
command -v dnsperf >/dev/null || { echo "dnsperf missing: apt-get install -y dnsperf" >&2; exit 1; }

ZONE=server/src/main/resources/demo/example.com.zone
cp "$ZONE" "$WORK/example.com.zone"
# Query mix over the demo zone: existing names, NXDOMAIN, NODATA, wildcard, CNAME, referral.
cat > "$WORK/queries.txt" <<'Q'
www.example.com A
www.example.com AAAA
example.com MX
example.com NS
mail.example.com A
nothere.example.com A
www.example.com TXT
anything.wild.example.com A
alias.example.com A
host.sub.example.com A
Q

java -jar server/target/tandem.jar serve --listen 127.0.0.1:$TANDEM_PORT --zone-dir "$WORK" > "$WORK/tandem.log" 2>&1 &
pids+=($!)

if command -v knotd >/dev/null; then
  mkdir -p "$WORK/knot"
  cat > "$WORK/knot.conf" <<K
server:
    listen: 127.0.0.1@$KNOT_PORT
    rundir: $WORK/knot
    udp-workers: 2
    tcp-workers: 2
database:
    storage: $WORK/knot
log:
  - target: stderr
    any: error
template:
  - id: default
    storage: $WORK
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: example.com.
    file: $WORK/example.com.zone
K
  knotd -c "$WORK/knot.conf" > "$WORK/knot.log" 2>&1 &
  pids+=($!)
else
  echo "knotd: missing (apt-get install -y knot); Knot column skipped"
fi

wait_up() { for _ in $(seq 1 60); do dig @127.0.0.1 -p "$1" +time=1 +tries=1 example.com SOA >/dev/null 2>&1 && return 0; sleep 0.5; done; return 1; }
run() {
  local name=$1 port=$2
  wait_up "$port" || { echo "$name: did not start"; return; }
  # Warm-up, then the measured run.
  dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -c 16 -T 2 -q 300 -l 3 >/dev/null 2>&1 || true
  dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -c 16 -T 2 -q 300 -l "$DURATION" > "$WORK/$name.out" 2>&1 || true
  printf '%-8s %s\n' "$name" "$(grep -E 'Queries per second|Queries lost|Average Latency' "$WORK/$name.out" | tr -s ' ' | tr '\n' ';')"
}
run tandem "$TANDEM_PORT"
command -v knotd >/dev/null && run knot "$KNOT_PORT"
