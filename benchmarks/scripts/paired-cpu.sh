#!/usr/bin/env bash
# Paired A/B of two Tandem builds: server CPU (user and system, us per answer) under the same
# load at the same time.
#
#   benchmarks/scripts/paired-cpu.sh JAR_A JAR_B [ZONE] [SLICES] [SECONDS] [RATE]
#   e.g. benchmarks/scripts/paired-cpu.sh /tmp/base.jar server/target/tandem.jar large 6 10 50000
#
# Why: on a shared 2-vCPU VM one server measured alone drifts by ±20 % between consecutive
# 5 s runs (RESULTS.md, 2026-12-04), which hides a 5-10 % change. Here both builds serve the
# same generated zone on their own ports, and in each slice one dnsperf per server sends RATE
# qps (-Q, below saturation) for SECONDS, both at once, so whatever the host does to one slice it
# does to both. Swap JAR_A and JAR_B for a second run, to cancel any bias of order or port.
# The first slice is a warm-up and not printed. Prints per slice: answered queries and user /
# system us per answer for A and B, then the means.
#
# Bounds: 127.0.0.1 only; every dnsperf under -l and timeout; both servers are stopped by their
# PIDs on exit. Needs dnsperf and dig (benchmarks/README.md, Prerequisites).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR_A=${1:?JAR_A} JAR_B=${2:?JAR_B} ZONE=${3:-large} SLICES=${4:-6} SECS=${5:-10} RATE=${6:-50000}
[ "$SECS" -le 30 ] || { echo "SECONDS must be <= 30" >&2; exit 2; }
BENCH_JAR=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
OPTS=${TANDEM_JAVA_OPTS:-"-Xms600m -Xmx600m -XX:+UseParallelGC -XX:MaxTenuringThreshold=0 -XX:MetaspaceSize=64m"}
WORK=$(mktemp -d /tmp/tandem-paired.XXXXXX)
declare -A PID PORT
cleanup() {
  for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; done
  for s in "${!PID[@]}"; do wait "${PID[$s]}" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -cp "$BENCH_JAR" io.tandemdns.bench.gen.ZoneGenerator "$WORK/gen" "${SEED:-20240101}" "${LARGE_RECORDS:-1000000}" >&2
start() { # name jar port
  local d=$WORK/$1
  mkdir -p "$d/state"
  printf 'threads: 2\nlogging:\n  level: error\nstate-dir: %s\nlisten: ["127.0.0.1:%s"]\nzones:\n  - name: "%s.example."\n    file: "%s"\n' \
    "$d/state" "$3" "$ZONE" "$WORK/gen/$ZONE.example.zone" > "$d/tandem.yaml"
  # shellcheck disable=SC2086
  java $OPTS -jar "$2" serve --config "$d/tandem.yaml" > "$d/out.log" 2>&1 &
  PID[$1]=$!
  PORT[$1]=$3
  local i
  for i in $(seq 1 300); do
    dig @127.0.0.1 -p "$3" +time=1 +tries=1 "$ZONE.example." SOA +short 2>/dev/null | grep -q . && return
    sleep 0.1
  done
  echo "server $1 did not answer within 30 s (see $d/out.log)" >&2
  exit 1
}
start A "$JAR_A" "${BASE_PORT:-55430}"
start B "$JAR_B" "$(( ${BASE_PORT:-55430} + 1 ))"

ticks() { # utime stime of a PID (clock ticks)
  local f
  f=$(cat /proc/"$1"/stat)
  f=${f##*) }
  set -- $f
  echo "${12} ${13}"
}
per_answer() { # ticks0 ticks1 answers -> us per answer
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (b - a) * 1e6 / hz / n }'
}
queries=$WORK/gen/$ZONE.example.queries
echo "slice | A answers user sys | B answers user sys (us per answer; A=$JAR_A B=$JAR_B, $ZONE zone, $RATE qps each)"
sums="0 0 0 0"
for i in $(seq 0 "$SLICES"); do
  read -r ua0 sa0 <<< "$(ticks "${PID[A]}")"
  read -r ub0 sb0 <<< "$(ticks "${PID[B]}")"
  clients=()
  for s in A B; do
    timeout $((SECS + 15)) dnsperf -s 127.0.0.1 -p "${PORT[$s]}" -d "$queries" -c 8 -T 1 -q 200 -Q "$RATE" \
      -l "$SECS" > "$WORK/$s.dnsperf" 2>&1 &
    clients+=($!)
  done
  wait "${clients[@]}" || true
  read -r ua1 sa1 <<< "$(ticks "${PID[A]}")"
  read -r ub1 sb1 <<< "$(ticks "${PID[B]}")"
  na=$(awk '/Queries completed/ {print $3}' "$WORK/A.dnsperf")
  nb=$(awk '/Queries completed/ {print $3}' "$WORK/B.dnsperf")
  [ "$i" = 0 ] && continue
  a_u=$(per_answer "$ua0" "$ua1" "$na"); a_s=$(per_answer "$sa0" "$sa1" "$na")
  b_u=$(per_answer "$ub0" "$ub1" "$nb"); b_s=$(per_answer "$sb0" "$sb1" "$nb")
  echo "$i | $na $a_u $a_s | $nb $b_u $b_s"
  sums=$(awk -v s="$sums" -v w="$a_u $a_s $b_u $b_s" 'BEGIN { split(s, x); split(w, y); printf "%f %f %f %f", x[1]+y[1], x[2]+y[2], x[3]+y[3], x[4]+y[4] }')
done
awk -v s="$sums" -v n="$SLICES" 'BEGIN { split(s, x); printf "mean | A user %.3f sys %.3f | B user %.3f sys %.3f\n", x[1]/n, x[2]/n, x[3]/n, x[4]/n }'
