#!/usr/bin/env bash
# Load runner: Tandem vs Knot DNS vs NSD on the same generated zones, driven by dnsperf.
#
#   benchmarks/run-load.sh                 # full suite (~10 min): small + 1M-record zone
#   ROUNDS=1 DURATION=5 benchmarks/run-load.sh   # quick look
#
# What it does, per zone (small ~200 records, large 1,000,000 records):
#   1. starts each installed server one after the other on its own 127.0.0.1 port and times
#      start -> first SOA answer (zone load time, includes process start; the SOA is asked
#      every 10 ms by FirstAnswer.java, a JVM started before the server);
#   2. warms each server up (WARMUP_UDP 15 s + WARMUP_TCP 5 s, every server alike: a perf profile of
#      Tandem 8 s after start still had the C2 compiler on 9 % of its CPU, 0.5 % after 25 s);
#   3. ROUNDS rounds, servers interleaved (order rotated each round), UDP then TCP:
#      dnsperf -c 16 -T 2 -q 300 -l DURATION; server CPU time from /proc/PID/stat
#      (utime+stime of the server and its child processes) before and after;
#   4. one extra 4 s dnsperf -v run per server and transport for the p99 latency and the
#      rcode mix (-v costs the client ~25 % throughput, so it is kept out of the QPS rounds);
#   5. times a full AXFR with kdig; reads peak RSS (VmHWM, largest process of the server);
#   6. open loop (OpenLoop.java): fixed-rate UDP at 25/50/75 % of Knot's median UDP qps,
#      latency from the intended send time (no coordinated omission), p50/p99/p99.9;
#   7. stops the servers by PID.
# Then prints one table per zone with each figure and its ratio to Knot (Report.java).
#
# Only 127.0.0.1 is used; every run is bounded (dnsperf -l, timeout on everything else);
# every process started here is stopped by its PID on exit.
#
# Environment knobs: ROUNDS (3) DURATION (10 s) WARMUP_UDP (15 s) WARMUP_TCP (5 s) ZONES ("small large") SERVERS ("tandem knot nsd")
#   OPEN_LOOP_LEVELS ("25 50 75", "" skips) OPEN_LOOP_SECONDS (8) MEM_WARM_MB (2048, 0: off) BASE_PORT (55300) SEED (20240101) LARGE_RECORDS (1000000) WORK (mktemp dir, kept with KEEP=1)
#   TANDEM_JAVA_OPTS (see below) TANDEM_CDS (1: class-data-sharing archive, see train_cds; 0: none) TANDEM_CACHE_SIZE (cache-size in Tandem's config; unset: its default) JFR=1 (record a 20 s JFR profile of Tandem during the large UDP
#   round; written to $WORK/tandem-large.jfr, WORK is then kept)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP_UDP=${WARMUP_UDP:-15}
WARMUP_TCP=${WARMUP_TCP:-5}
ZONES=${ZONES:-"small large"}
SERVERS=${SERVERS:-"tandem knot nsd"}
BASE_PORT=${BASE_PORT:-55300}
SEED=${SEED:-20240101}
LARGE_RECORDS=${LARGE_RECORDS:-1000000}
DNSPERF_ARGS=(-c 16 -T 2 -q 300)
REFERENCE=knot
OPEN_LOOP_LEVELS=${OPEN_LOOP_LEVELS-"25 50 75"}  # set but empty: skip
OPEN_LOOP_SECONDS=${OPEN_LOOP_SECONDS:-8}
MEM_WARM_MB=${MEM_WARM_MB:-2048}   # touched and freed before each timed server start; 0: off
# Tandem JVM flags, chosen by measurement (benchmarks/RESULTS.md, "Zone load and memory"):
#  - a fixed 600 MiB heap (640 MiB until the 2026-12-02 run: once the longer warm-up has cycled
#    the whole heap, 640m gave 755-795 MB RSS, 600m 742 MB, load time unchanged); the 1M-record zone is ~220-235 MB live once built and leaves
#    ~265-275 MB of the 400 MB old generation in use after its load (RESULTS.md, 2026-12-03); peak RSS is the touched heap plus ~100 MB outside it, so the heap size
#    is the RSS budget (2 GiB gave 1.1-1.3 GB RSS, -Xmx1g ~0.82-0.86 GB, 640m ~0.74 GB with
#    no qps change beyond the run-to-run noise). No room for a second copy, though: a reload
#    builds the new zone (~270 MB at peak) while the old one (~235 MB) is served, which would
#    not fit; a benchmark setting, not a production one;
#  - MetaspaceSize=64m: the default 21 MB threshold is crossed right after the load, when the
#    listeners start, and cost a young plus a ~1 s full collection before the first answer;
#  - ParallelGC: throughput collector; on 2 cores G1's concurrent work competes with the event
#    loops, and SerialGC loaded the zone ~3 s slower;
#  - MaxTenuringThreshold=0: a young collection promotes what survives it at once. During the
#    load nearly everything that survives is zone data, and copying it through the survivor
#    spaces first doubled the collections' work: 1M-record load 0.84-0.97 s of young pauses with
#    the default (one start in four also had a full collection), 0.40-0.66 s with 0 and none
#    (2026-12-02). Serving garbage dies
#    in eden either way; 60 s of 1M-zone load afterwards grew the old gen by 25 MB (3-5 ms young
#    pauses);
#  - no UseTransparentHugePages (the runner's default in the third session of 2026-12-02, dropped
#    in the fourth): the heap in 2 MiB pages makes the 1M-zone lookup cheaper (fewer TLB misses:
#    median 4.19 against 4.55 us of CPU per UDP answer on the Intel machine, 6.42 against 6.61
#    on the AMD EPYC one), but each first touch of a huge page is expensive on these VMs, and a
#    load touches ~600 MB: start to first answer median 3.79 against 3.31 s in six alternating
#    starts, 4.10 against 2.73 / 2.50 s in runs 10 / 11-12 (RESULTS.md). Add -XX:+UseTransparentHugePages to
#    TANDEM_JAVA_OPTS to measure with it;
#  - -XX:-UseNUMA / -XX:TieredStopAtLevel unset: defaults are right on a 2-core box.
TANDEM_JAVA_OPTS=${TANDEM_JAVA_OPTS:-"-Xms600m -Xmx600m -XX:+UseParallelGC -XX:MaxTenuringThreshold=0 -XX:MetaspaceSize=64m"}

[ -z "${WORK:-}" ] && WORK=$(mktemp -d /tmp/tandem-bench.XXXXXX)
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

declare -A PID PORT
pids_started=()
cleanup() {
  for p in "${pids_started[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids_started[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ] || [ "${JFR:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
put() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }

# ---- prerequisites ---------------------------------------------------------------------------
command -v dnsperf >/dev/null || { echo "dnsperf missing: apt-get install -y dnsperf" >&2; exit 1; }
command -v dig >/dev/null || { echo "dig missing: apt-get install -y bind9-dnsutils" >&2; exit 1; }
if [ ! -f server/target/tandem.jar ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  log "building server/target/tandem.jar and benchmarks/target/benchmarks.jar"
  lock=(); command -v flock >/dev/null && lock=(flock /tmp/tandem-mvn.lock)
  "${lock[@]}" mvn -o -q -B package -DskipTests -pl benchmarks -am
fi
BENCH_JAR=${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}   # overridable: a copy keeps a concurrent build out of the run
TANDEM_JAR=${TANDEM_JAR:-$ROOT/server/target/tandem.jar}

installed() {
  case $1 in
    tandem) command -v java >/dev/null ;;
    knot) command -v knotd >/dev/null ;;
    nsd) command -v nsd >/dev/null ;;
  esac
}
package_of() { case $1 in knot) echo knot ;; nsd) echo nsd ;; tandem) echo openjdk-17-jre-headless ;; esac; }

# ---- zones -------------------------------------------------------------------------------------
log "generating zones (seed $SEED, large zone $LARGE_RECORDS records) in $WORK/gen"
java -cp "$BENCH_JAR" io.tandemdns.bench.gen.ZoneGenerator "$WORK/gen" "$SEED" "$LARGE_RECORDS" >&2

# ---- Tandem class-data-sharing archive --------------------------------------------------------------
# AppCDS (JDK 13+ dynamic archive): one short training start of Tandem on the small zone writes
# the classes it loaded to $WORK/tandem.jsa; every measured start maps them instead of loading,
# verifying and linking ~5,000 classes again (the JVM's counterpart of a prelinked binary; an
# operator does the same once per jar and JDK, README "JVM flags"). Measured: start -> first
# answer on the small zone 2.10-2.14 s without, 1.23-1.28 s with (2026-12-01); the 1M-record
# zone 8.64/8.15/10.38 s without, 8.46/7.48/7.47 s with, RSS 606-648 MB either way (2026-12-02,
# alternating starts, after the load stopped needing a full collection). On by default since
# 2026-12-02; TANDEM_CDS=0 measures without.
TANDEM_CDS=${TANDEM_CDS:-1}
train_cds() {
  local d=$WORK/cds p i
  mkdir -p "$d"
  printf 'listen: ["127.0.0.1:%s"]\nlogging:\n  level: error\nzones:\n  - name: small.example.\n    file: "%s"\n' \
    "$((BASE_PORT + 9))" "$WORK/gen/small.example.zone" > "$d/tandem.yaml"
  # shellcheck disable=SC2086
  java $TANDEM_JAVA_OPTS -XX:ArchiveClassesAtExit="$WORK/tandem.jsa" -jar "$TANDEM_JAR" serve \
    --config "$d/tandem.yaml" > "$d/out.log" 2>&1 &
  p=$!
  pids_started+=("$p")
  for i in $(seq 1 150); do soa_ok "$((BASE_PORT + 9))" small.example. && break; sleep 0.1; done
  # A few answers, so the archive also holds the classes of the query path.
  dig @127.0.0.1 -p "$((BASE_PORT + 9))" +time=1 +tries=1 www.small.example. A >/dev/null 2>&1 || true
  kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true   # the archive is written at exit
  if [ -s "$WORK/tandem.jsa" ]; then
    TANDEM_JAVA_OPTS="$TANDEM_JAVA_OPTS -XX:SharedArchiveFile=$WORK/tandem.jsa"
    log "tandem: class-data-sharing archive $WORK/tandem.jsa ($(du -k "$WORK/tandem.jsa" | cut -f1) KiB)"
  else
    log "tandem: no class-data-sharing archive written (see $d/out.log); measuring without"
  fi
}

# ---- /proc helpers -----------------------------------------------------------------------------
tree() { # the PID and all its descendants
  local p=$1 c
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree "$c"; done
}
cpu_ticks() { # utime+stime (clock ticks) summed over the server's process tree
  local t=0 p f
  for p in $(tree "$1"); do
    f=$(cat /proc/"$p"/stat 2>/dev/null) || continue
    f=${f##*) }                       # fields from 3 on; utime/stime are fields 14/15
    set -- $f
    t=$((t + ${12} + ${13}))
  done
  echo "$t"
}
peak_rss_kb() { # largest VmHWM in the tree (NSD's children share the parent's pages via fork)
  local m=0 p v
  for p in $(tree "$1"); do
    v=$(awk '/^VmHWM:/{print $2}' /proc/"$p"/status 2>/dev/null || echo 0)
    [ -n "$v" ] && [ "$v" -gt "$m" ] && m=$v
  done
  echo "$m"
}
now_ns() { date +%s%N; }
# An answer line "<zone> <ttl> IN SOA ...": a failed dig prints its own command line (which holds
# "SOA") to stdout, so a bare grep for SOA could match before the server is up.
soa_ok() { dig @127.0.0.1 -p "$1" +time=1 +tries=1 +norec "$2" SOA +noall +answer 2>/dev/null | grep -qE '^[^;].*[[:space:]]IN[[:space:]]+SOA[[:space:]]'; }

# ---- servers (each start_* runs the server in the background and sets STARTED to its PID) -----------------------------------------------------------------------------------
start_tandem() { # zone dir port
  local d=$WORK/tandem-$1
  mkdir -p "$d"
  cat > "$d/tandem.yaml" <<EOF
threads: 2
logging:
  level: error
${TANDEM_CACHE_SIZE:+cache-size: $TANDEM_CACHE_SIZE}
tcp:
  max-queries-per-connection: 1000000000
state-dir: $d/state
zones:
EOF
  # Zones listed in the config (not --zone-dir) so AXFR can be allowed to the timing client.
  local f
  for f in "$2"/*.zone; do
    printf '  - name: "%s"\n    file: "%s"\n    allow-transfer: [ "127.0.0.1" ]\n' \
      "$(basename "$f" .zone)." "$f" >> "$d/tandem.yaml"
  done
  # shellcheck disable=SC2086
  java $TANDEM_JAVA_OPTS ${TANDEM_EXTRA_OPTS:-} -jar "$TANDEM_JAR" serve --config "$d/tandem.yaml" \
    --listen "127.0.0.1:$3" > "$d/out.log" 2>&1 &
  STARTED=$!
}
start_knot() {
  local d=$WORK/knot-$1
  mkdir -p "$d/db"
  cat > "$d/knot.conf" <<EOF
server:
    listen: 127.0.0.1@$3
    rundir: $d
    udp-workers: 2
    tcp-workers: 2
    background-workers: 1
database:
    storage: $d/db
log:
  - target: stderr
    any: error
acl:
  - id: local-xfr
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: $2
    zonefile-sync: -1
    journal-content: none
    acl: local-xfr
zone:
  - domain: $1.example.
    file: $1.example.zone
EOF
  knotd -c "$d/knot.conf" > "$d/out.log" 2>&1 &
  STARTED=$!
}
start_nsd() {
  local d=$WORK/nsd-$1
  mkdir -p "$d"
  cat > "$d/nsd.conf" <<EOF
server:
    ip-address: 127.0.0.1@$3
    server-count: 2
    zonesdir: "$2"
    pidfile: "$d/nsd.pid"
    xfrdfile: "$d/xfrd.state"
    zonelistfile: "$d/zone.list"
    username: ""
    database: ""
    verbosity: 0
    logfile: "$d/nsd.log"
    # RRL off (NSD is built with --enable-ratelimit, default 200 qps per /24: it would drop
    # most of dnsperf's queries from 127.0.0.1).
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
zone:
    name: $1.example.
    zonefile: $1.example.zone
    provide-xfr: 127.0.0.1 NOKEY
EOF
  nsd -d -c "$d/nsd.conf" > "$d/out.log" 2>&1 &
  STARTED=$!
}

# ---- one dnsperf run ---------------------------------------------------------------------------
# perf zone server transport round: runs dnsperf, records qps, latency, lost, CPU us per answer.
perf() {
  local zone=$1 s=$2 mode=$3 round=$4 out t0 t1 completed
  out=$WORK/dnsperf-$zone-$s-$mode-$round.txt
  t0=$(cpu_ticks "${PID[$s]}")
  timeout $((DURATION + 20)) dnsperf -s 127.0.0.1 -p "${PORT[$s]}" -m "$mode" -d "$WORK/gen/$zone.example.queries" \
    "${DNSPERF_ARGS[@]}" -l "$DURATION" > "$out" 2>&1 || true
  t1=$(cpu_ticks "${PID[$s]}")
  completed=$(awk '/Queries completed:/{print $3}' "$out")
  if [ -z "$completed" ] || [ "$completed" = 0 ]; then
    log "$s $zone $mode round $round: no answers (see $out)"; put "$zone" "$s" "fail.$mode" 1; return
  fi
  put "$zone" "$s" "qps.$mode" "$(awk '/Queries per second:/{print $4}' "$out")"
  put "$zone" "$s" "lat.$mode" "$(awk '/Average Latency/{print $4 * 1000; exit}' "$out")"
  put "$zone" "$s" "lost.$mode" "$(awk '/Queries lost:/{print $3}' "$out")"
  put "$zone" "$s" "sent.$mode" "$(awk '/Queries sent:/{print $3}' "$out")"
  put "$zone" "$s" "cpu.$mode" "$(awk -v d=$((t1 - t0)) -v n="$completed" -v hz="$(getconf CLK_TCK)" \
    'BEGIN{printf "%.3f", d / hz / n * 1e6}')"
  log "$s $zone $mode round $round: $(awk '/Queries per second:/{printf "%d qps", $4}' "$out"), CPU $((t1 - t0)) ticks"
}

# verbose zone server transport: p99 latency and rcode mix from dnsperf -v (4 s).
verbose() {
  local zone=$1 s=$2 mode=$3 out=$WORK/verbose.txt
  timeout 30 dnsperf -s 127.0.0.1 -p "${PORT[$s]}" -m "$mode" -d "$WORK/gen/$zone.example.queries" \
    "${DNSPERF_ARGS[@]}" -l 4 -v > "$out" 2>/dev/null || true
  put "$zone" "$s" "p99.$mode" "$(awk '/^> /{print $NF * 1000}' "$out" | sort -n \
    | awk '{a[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; if (NR) print a[i]; else print "NaN"}')"
  # "> RCODE qname qtype latency" per answer; "> T ..." marks a timeout.
  put "$zone" "$s" "rcodes.$mode" "$(awk '/^> /{c[$2 == "T" ? "timeout" : $2]++; n++} END{for (k in c) printf "%s=%.1f%% ", k, 100*c[k]/n}' "$out")"
  rm -f "$out"
}

axfr() { # zone server: wall time of a full AXFR with kdig, and whether it was complete
  local zone=$1 s=$2 out=$WORK/axfr.txt t0 t1 n
  t0=$(now_ns)
  timeout 30 kdig @127.0.0.1 -p "${PORT[$s]}" -t AXFR "$zone.example." +noall +answer > "$out" 2>&1 || true
  t1=$(now_ns)
  n=$(grep -c -v -e '^;' -e '^$' "$out" || true)
  expected=$(($(grep -c -v -e '^\$' "$WORK/gen/$zone.example.zone") + 1))  # SOA opens and closes it
  if [ "$n" -ge "$expected" ]; then
    put "$zone" "$s" axfr "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b - a) / 1e9}')"
  elif [ "$s" = tandem ]; then
    put "$zone" "$s" axfr.note "not supported yet ($(grep -m1 -o -e 'REFUSED' -e 'NOTIMP' -e 'failed.*' "$out" || echo "$n records"))"
  else
    put "$zone" "$s" axfr.note "incomplete: $n of $expected records"
  fi
  rm -f "$out"
}

# open_loop zone: fixed-rate UDP load at 25/50/75 % of Knot's median UDP qps (OpenLoop.java),
# servers interleaved per level; p50/p99/p99.9 measured from the intended send times.
open_loop() {
  local zone=$1 max pct rate s line
  max=$(awk -F'\t' -v z="$zone" -v r="$REFERENCE" '$1 == z && $2 == r && $3 == "qps.udp" {print $4}' "$RESULTS" \
    | sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]}')
  if [ -z "$max" ]; then
    max=$(awk -F'\t' -v z="$zone" '$1 == z && $3 == "qps.udp" {print $4}' "$RESULTS" | sort -n | tail -1)
    [ -z "$max" ] && return
    log "open loop: Knot not measured; rates from the fastest server's UDP qps ($max)"
    put "$zone" "-" "ol.base" "fastest server (Knot missing)"
  fi
  for pct in $OPEN_LOOP_LEVELS; do
    rate=$(awk -v m="$max" -v p="$pct" 'BEGIN{printf "%d", m * p / 100}')
    for s in "${up[@]}"; do
      line=$(timeout $((OPEN_LOOP_SECONDS + 20)) java -Xmx512m -cp "$BENCH_JAR" io.tandemdns.bench.load.OpenLoop \
        --port "${PORT[$s]}" --queries "$WORK/gen/$zone.example.queries" --rate "$rate" \
        --seconds "$OPEN_LOOP_SECONDS" --label "$s" 2>"$WORK/openloop.err") || { log "open loop $s failed: $(tail -2 "$WORK/openloop.err")"; continue; }
      log "$(cat "$WORK/openloop.err")"
      put "$zone" "$s" "ol.$pct" "$(echo "$line" | cut -f2-)"
    done
  done
}

# ---- the run -----------------------------------------------------------------------------------
present=()
i=0
case " $SERVERS " in *" tandem "*) [ "$TANDEM_CDS" = 1 ] && train_cds ;; esac
for s in $SERVERS; do
  i=$((i + 1))
  PORT[$s]=$((BASE_PORT + i))
  if installed "$s"; then present+=("$s"); else
    log "$s: not installed (apt-get install -y $(package_of "$s"))"
    for z in $ZONES; do put "$z" "$s" missing "not installed (apt-get install $(package_of "$s"))"; done
  fi
done

for zone in $ZONES; do
  zdir=$WORK/zones-$zone
  mkdir -p "$zdir"
  ln -f "$WORK/gen/$zone.example.zone" "$zdir/$zone.example.zone"
  up=()
  for s in "${present[@]}"; do
    # The clock: FirstAnswer (a JVM started and warm before the server) asks for the SOA every
    # 10 ms and prints when the first answer came. A shell loop of dig took ~17 ms of CPU per
    # probe, most of a core while a server loaded; that cost Tandem, whose load uses both cores,
    # 0.3 s of its 1M-record load and Knot nothing (benchmarks/README.md, "Zone load clock").
    rm -f "$WORK/probe.ready" "$WORK/probe.out"
    java -XX:TieredStopAtLevel=1 -Xmx64m -cp "$BENCH_JAR" io.tandemdns.bench.load.FirstAnswer \
      --port "${PORT[$s]}" --zone "$zone.example." --ready "$WORK/probe.ready" --seconds 120 \
      > "$WORK/probe.out" 2> "$WORK/probe-$s-$zone.err" &
    probe=$!
    pids_started+=("$probe")
    for i in $(seq 1 200); do [ -f "$WORK/probe.ready" ] && break; sleep 0.05; done
    # Same memory for every server: on a VM whose balloon takes freed pages back (virtio free page
    # reporting), a server that loads while the earlier ones hold their memory faults in pages the
    # host must back anew. Knot's 1M-record load took 2.15-2.64 s that way and 1.74-1.75 s after
    # this touch of MEM_WARM_MB, which leaves that much memory freshly backed and free
    # (benchmarks/README.md, "Zone load clock").
    if [ "$MEM_WARM_MB" -gt 0 ]; then
      timeout 60 java -Xms"${MEM_WARM_MB}m" -Xmx"${MEM_WARM_MB}m" -XX:+UseParallelGC -XX:+AlwaysPreTouch -version \
        > /dev/null 2>&1 || true
    fi
    t0=$(now_ns)
    "start_$s" "$zone" "$zdir" "${PORT[$s]}"   # sets STARTED (no subshell: we must be its parent)
    PID[$s]=$STARTED
    pids_started+=("${PID[$s]}")
    ok=0
    while kill -0 "$probe" 2>/dev/null; do   # the prober gives up by itself after 120 s
      kill -0 "${PID[$s]}" 2>/dev/null || { kill "$probe" 2>/dev/null; break; }
      sleep 0.1
    done
    wait "$probe" 2>/dev/null || true
    t1=$(cat "$WORK/probe.out" 2>/dev/null)
    if [ -n "$t1" ]; then ok=1; else t1=$(now_ns); fi
    if [ $ok = 1 ]; then
      put "$zone" "$s" load "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b - a) / 1e9}')"
      log "$s: $zone zone answering after $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", (b - a) / 1e9}') s"
      up+=("$s")
    else
      log "$s: did not answer SOA for $zone (log: $(tail -3 "$WORK/$s-$zone/out.log" 2>/dev/null | tr '\n' ' '))"
      put "$zone" "$s" missing "failed to start or load (see its log)"
    fi
  done
  for s in "${up[@]}"; do   # warm-up (not measured)
    timeout 60 dnsperf -s 127.0.0.1 -p "${PORT[$s]}" -d "$WORK/gen/$zone.example.queries" "${DNSPERF_ARGS[@]}" -l "$WARMUP_UDP" >/dev/null 2>&1 || true
    timeout 60 dnsperf -s 127.0.0.1 -p "${PORT[$s]}" -m tcp -d "$WORK/gen/$zone.example.queries" "${DNSPERF_ARGS[@]}" -l "$WARMUP_TCP" >/dev/null 2>&1 || true
  done
  n=${#up[@]}
  for round in $(seq 1 "$ROUNDS"); do
    for mode in udp tcp; do
      for k in $(seq 0 $((n - 1))); do
        s=${up[$(((k + round - 1) % n))]}
        if [ "${JFR:-0}" = 1 ] && [ "$s" = tandem ] && [ "$zone" = large ] && [ "$mode" = udp ] && [ "$round" = 1 ]; then
          jcmd "${PID[$s]}" JFR.start duration=$((DURATION))s filename="$WORK/tandem-large.jfr" >/dev/null 2>&1 || true
        fi
        perf "$zone" "$s" "$mode" "$round"
      done
    done
  done
  for s in "${up[@]}"; do
    verbose "$zone" "$s" udp
    verbose "$zone" "$s" tcp
    if command -v kdig >/dev/null; then axfr "$zone" "$s"; else put "$zone" "$s" axfr.note "kdig missing (apt-get install knot-dnsutils)"; fi
    put "$zone" "$s" rss "$(peak_rss_kb "${PID[$s]}")"
  done
  open_loop "$zone"
  for s in "${up[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; wait "${PID[$s]}" 2>/dev/null || true; done
done

java -cp "$BENCH_JAR" io.tandemdns.bench.load.Report "$RESULTS" "$ROUNDS" "$DURATION"
cp "$RESULTS" "$ROOT/benchmarks/target/last-results.tsv" 2>/dev/null || true
