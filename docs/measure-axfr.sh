#!/usr/bin/env bash
# AXFR of a 1,000,000-record zone from Tandem and from Knot, measured with kdig in one run.
# Both servers run on 127.0.0.1 ephemeral-ish ports from a temp dir and are stopped by PID.
#
#   mvn -o -q -B package -DskipTests -pl server -am   # builds server/target/tandem.jar
#   docs/measure-axfr.sh [records]                     # default 1000000
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="${TANDEM_JAR:-$ROOT/server/target/tandem.jar}"
[ -f "$JAR" ] || { echo "build $JAR first (see header)"; exit 1; }
W=$(mktemp -d /tmp/tandem-axfr.XXXXXX)
TPORT=$((20000 + RANDOM % 10000)); KPORT=$((TPORT + 1))
ZONE=big.test.

echo "generating $N records in $W/big.zone"
{
  printf '$ORIGIN %s\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 86400 60\n@ NS ns1\nns1 A 192.0.2.1\n' "$ZONE"
  awk -v n="$N" 'BEGIN { for (i = 0; i < n - 3; i++) printf "h%d A 10.%d.%d.%d\n", i, int(i/65536)%256, int(i/256)%256, i%256 }'
} > "$W/big.zone"

cat > "$W/tandem.yaml" <<YAML
listen: ["127.0.0.1:$TPORT"]
state-dir: state
zones:
  - name: $ZONE
    file: big.zone
    allow-transfer: [ "127.0.0.1" ]
YAML
mkdir -p "$W/knot/db"
cat > "$W/knot.conf" <<KNOT
server:
    rundir: "$W/knot"
    listen: 127.0.0.1@$KPORT
database:
    storage: "$W/knot/db"
log:
  - target: stderr
    any: warning
acl:
  - id: local
    address: 127.0.0.1
    action: transfer
zone:
  - domain: $ZONE
    storage: "$W"
    file: big.zone
    acl: [local]
    journal-content: none
    zonefile-sync: -1
KNOT

java -Xmx4g -jar "$JAR" serve --config "$W/tandem.yaml" > "$W/tandem.log" 2>&1 &
TPID=$!
/usr/sbin/knotd -c "$W/knot.conf" > "$W/knot.log" 2>&1 &
KPID=$!
trap 'kill $TPID $KPID 2>/dev/null; wait $TPID $KPID 2>/dev/null; rm -rf "$W"' EXIT

for p in $TPORT $KPORT; do
  for _ in $(seq 1 240); do
    kdig @127.0.0.1 -p $p $ZONE SOA +short +time=1 +retry=0 2>/dev/null | grep -q hostmaster && break
    sleep 0.5
  done
done

measure() { # name port
  local start end lines
  start=$(date +%s.%N)
  lines=$(kdig @127.0.0.1 -p "$2" -t AXFR $ZONE +noall +answer +time=60 | grep -vc '^;')
  end=$(date +%s.%N)
  printf '%-6s AXFR: %d records in %.2f s\n' "$1" "$lines" "$(echo "$end - $start" | bc)"
}
for round in 1 2; do
  echo "round $round"
  measure Tandem $TPORT
  measure Knot $KPORT
done
grep 'AXFR out' "$W/tandem.log" | tail -2
