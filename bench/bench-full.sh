#!/usr/bin/env bash
# bench-full.sh - the whole call path under SIPp load: SIPp -> sip-gateway -> Kafka -> scorer
# -> gateway -> SIPp, everything on this machine, beside Kamailio's static 608.
#
#   npm run bench -- [options]              (builds dist/ first via scripts/ensure-built.js)
#   bash bench/bench-full.sh [options]
#
# Starts the service once, as `npm start` does (node dist/apps/launcher/main.js: the embedded
# Apache Kafka broker, the topics, the scorer and the gateway as child processes), on free
# loopback ports with a temporary DATA_DIR and the SIPp caller +12127363199 block-listed. Checks
# one pre-flight INVITE gets 608, then runs the shared anchor's run-anchor.sh (our
# bench/scenarios, `--server none`) at stepped rates, lowest first, and stops at the first rate
# whose verdict is FAIL or whose failed + unplaced calls are >= 0.1 %: the last passing rate is
# the capacity. 1,000 calls/s is always measured (latency target). Then Kamailio
# (`run-anchor.sh -s kamailio`, the anchor's own scenarios) at 1,000 calls/s and at the highest
# passing rate, in the same invocation; then the service is stopped with SIGINT. Prints each
# run's `anchor ...` line, a table, the results with ratios, the targets (meets/MISSES: a
# benchmark prints, it does not assert) and the command line; every record also goes to
# $OUT/bench-full.jsonl.
#
#   --rates LIST        the search steps, calls/s, ascending (default
#                       500,1000,1500,2000,3000,4000,5000,6000,8000,10000)
#   --duration S        seconds of load per run (default 10, 1..60)
#   --transport T       udp (default) | tcp (one shared connection)
#   --pin / --no-pin    default --no-pin: the service is 3 node processes + Kafka's JVM on 2 CPUs,
#                       pinning it to one CPU measures something else. --pin: the whole service
#                       (launcher and its children) on CPU 0, SIPp + tcpdump on CPU 1, and
#                       Kamailio on CPU 0 too
#   --no-kamailio       skip the Kamailio runs (no ratios)
#   --gap S             pause between runs so the service drains (default 3, 0..60)
#   --warmup S          after the pre-flight, S seconds of load at the first step, recorded as the
#                       cold-start figures but not part of the search (default 10; 0 = none: the
#                       first step then runs on cold JITs and fresh Kafka clients, and fails open)
#   --out DIR           run files (default bench/results/full-<UTC timestamp>)
#   --keep              keep each run's capture (cap.pcap) and SIPp's per-call rtt file
#   -h, --help
#
# Environment: ANCHOR_DIR (default ../shared/bench/anchor beside the repository root);
# LAUNCHER_MAIN (default dist/apps/launcher/main.js). KAFKA_BROKERS in the environment is
# ignored (unset): this bench measures the embedded broker.
# Exit status: 0 = the service started and every run produced a summary; 1 = the service did not
# start, died, or some run produced no summary; 2 = usage or setup error.
# Bounded: the service gets 120 s to print `ready` and 45 s to stop after SIGINT (then what is
# left of it is SIGKILLed by PID); each run-anchor.sh run ends itself (120 s watchdog). On exit or
# interrupt everything this script started is stopped by PID.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ANCHOR_DIR=${ANCHOR_DIR:-$(dirname "$REPO")/shared/bench/anchor}
LAUNCHER_MAIN=${LAUNCHER_MAIN:-dist/apps/launcher/main.js}   # relative to the repository root
RATES=500,1000,1500,2000,3000,4000,5000,6000,8000,10000 DURATION=10 TRANSPORT=udp PIN=0 KAMAILIO=1
GAP=3 WARMUP=10 OUT="" KEEP=0
LATENCY_RATE=1000
BLOCKED_CALLER=+12127363199 CALLEE=+13125467890   # as in bench/scenarios/uac-608.xml
START_TIMEOUT=120 STOP_TIMEOUT=45

die() { echo "bench-full: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
ts() { date -u +%H:%M:%S; }
say() { echo "[$(ts)] $*" >&2; }

ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=${2:-}; shift 2 ;;
    -d|--duration) DURATION=${2:-}; shift 2 ;;
    -t|--transport) TRANSPORT=${2:-}; shift 2 ;;
    --pin) PIN=1; shift ;;
    --no-pin) PIN=0; shift ;;
    --no-kamailio) KAMAILIO=0; shift ;;
    --gap) GAP=${2:-}; shift 2 ;;
    --warmup) WARMUP=${2:-}; shift 2 ;;
    -o|--out) OUT=${2:-}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# ---------------------------------------------------------------- validate
IFS=, read -r -a RATE_LIST <<<"$RATES"
[ ${#RATE_LIST[@]} -gt 0 ] || die "--rates is empty"
prev=0
for r in "${RATE_LIST[@]}"; do
  [[ "$r" =~ ^[0-9]+$ ]] && [ "$r" -ge 1 ] && [ "$r" -le 200000 ] || die "bad rate '$r' (1..200000)"
  [ "$r" -gt "$prev" ] || die "--rates must be ascending"
  prev=$r
done
case "$TRANSPORT" in udp|tcp) ;; *) die "--transport must be udp or tcp" ;; esac
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 1 ] && [ "$DURATION" -le 60 ] || die "--duration must be 1..60"
[[ "$GAP" =~ ^[0-9]+$ ]] && [ "$GAP" -le 60 ] || die "--gap must be 0..60"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 60 ] || die "--warmup must be 0..60"
[ -f "$ANCHOR_DIR/run-anchor.sh" ] || die "no run-anchor.sh in ANCHOR_DIR=$ANCHOR_DIR"
[ "$PIN" = 0 ] || [ "$(nproc)" -ge 2 ] || die "--pin needs 2 CPUs"
command -v node >/dev/null 2>&1 || die "node (>= 20) is not installed"
[ -f "$REPO/$LAUNCHER_MAIN" ] || [ -f "$LAUNCHER_MAIN" ] || die "$LAUNCHER_MAIN does not exist (build: node scripts/ensure-built.js, or use npm run bench)"

# ---------------------------------------------------------------- install what is missing
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
need_pkg sipp sip-tester
need_pkg python3 python3
need_pkg ss iproute2
need_pkg tcpdump tcpdump
need_pkg taskset util-linux
need_pkg setsid util-linux
[ "$KAMAILIO" = 1 ] && need_pkg kamailio kamailio

# ---------------------------------------------------------------- output, work dir, cleanup
BENCH_ID=full-$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$OUT" ] || OUT="$REPO/bench/results/$BENCH_ID"
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
JSONL="$OUT/bench-full.jsonl"
WORK=$(mktemp -d /tmp/bench-full.XXXXXX) || die "mktemp failed"
SVC_PID="" RUN_PID="" SVC_ALL=""
SVC_LOG="$OUT/service.log" SVC_OUT="$OUT/launcher.out"

descendants() { python3 "$HERE/lib/full_report.py" pids "$1" 2>/dev/null | awk '{print $1}'; }
stop_service() { # SIGINT the launcher (it stops gateway, scorer, Kafka in order), bounded; then KILL leftovers by PID
  [ -n "$SVC_PID" ] || return 0
  local i all p alive
  all=$(echo "$SVC_ALL" $(descendants "$SVC_PID") | tr ' ' '\n' | sort -u)
  if kill -0 "$SVC_PID" 2>/dev/null; then
    say "stopping the service (SIGINT to the launcher, pid $SVC_PID)"
    kill -INT "$SVC_PID" 2>/dev/null
    for i in $(seq $((STOP_TIMEOUT * 10))); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SVC_PID" 2>/dev/null && { echo "bench-full: launcher still running after ${STOP_TIMEOUT}s: SIGKILL" >&2; kill -KILL "$SVC_PID" 2>/dev/null; }
  fi
  wait "$SVC_PID" 2>/dev/null
  # its children (gateway, scorer, Kafka's JVM): normally gone with it; bounded wait, then KILL
  for i in $(seq 50); do
    alive=""; for p in $all; do [ "$p" != "$SVC_PID" ] && kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break; sleep 0.1
  done
  for p in $alive; do
    echo "bench-full: pid $p ($(tr '\0' ' ' </proc/"$p"/cmdline 2>/dev/null | cut -c1-60)) outlived the launcher: SIGKILL" >&2
    kill -KILL "$p" 2>/dev/null
  done
  SVC_PID=""
}
stop_run() {
  [ -n "$RUN_PID" ] || return 0
  # run-anchor.sh stops its own SIPp / tcpdump / Kamailio on TERM (its EXIT trap)
  kill -TERM "$RUN_PID" 2>/dev/null
  local i; for i in $(seq 150); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$RUN_PID" 2>/dev/null && kill -KILL "$RUN_PID" 2>/dev/null
  wait "$RUN_PID" 2>/dev/null
  RUN_PID=""
}
cleanup() {
  trap - INT TERM
  stop_run
  stop_service
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "bench-full: interrupted" >&2; exit 130' INT TERM

# Two copies of the anchor: pristine for Kamailio, ours (bench/scenarios) for the service.
ANCHOR_KAM="$WORK/anchor-kamailio" ANCHOR_SVC="$WORK/anchor-service"
copy_anchors "$ANCHOR_DIR" "$ANCHOR_KAM" "$ANCHOR_SVC" "$HERE/scenarios"

# The lists file the scorer loads (as bench-sip.sh writes it): the 608 scenario's caller is blocked.
LISTS="$OUT/bench-lists.json"
write_bench_lists "$LISTS" "$BLOCKED_CALLER"

# ---------------------------------------------------------------- helpers
free_ports() { # free_ports N [PAIR]: N distinct loopback ports free for UDP and TCP; PAIR=1: p and p+1 free (TCP)
  python3 - "$@" <<'PY'
import socket, sys
n, pair = int(sys.argv[1]), len(sys.argv) > 2 and sys.argv[2] == "1"
held, out = [], []
def grab(port=0, udp=True):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port))
    except OSError:
        t.close(); return None
    p = t.getsockname()[1]
    if udp:
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", p))
        except OSError:
            u.close(); t.close(); return None
        held.append(u)
    held.append(t)
    return p
for _ in range(500):
    if len(out) == n:
        break
    p = grab()
    if p is None or (25060 <= p <= 25161):
        continue
    if pair:
        if p >= 65535 or grab(p + 1) is None:
            continue
    out.append(p)
print(" ".join(map(str, out)))
PY
}
probe() { python3 "$HERE/lib/sip_probe.py" "$@" 2>/dev/null; }
http_get() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())' "$1" 2>/dev/null; }
log_lines() { wc -l <"$SVC_LOG" 2>/dev/null || echo 0; }

if [ "${npm_lifecycle_event:-}" = bench ]; then
  COMMAND="npm run bench${ARGS[*]:+ -- $(quote_cmd "${ARGS[@]}")}"
else
  COMMAND="bash bench/bench-full.sh${ARGS[*]:+ $(quote_cmd "${ARGS[@]}")}"
fi

# ---------------------------------------------------------------- start the service
read -r SIP_PORT GW_HTTP SC_HTTP <<<"$(free_ports 3)"
KAFKA_PORT=$(free_ports 1 1)
[ -n "${SIP_PORT:-}" ] && [ -n "${GW_HTTP:-}" ] && [ -n "${SC_HTTP:-}" ] && [ -n "$KAFKA_PORT" ] || die "no free ports"
SVC_ENV=(SIP_HOST=127.0.0.1 SIP_PORT="$SIP_PORT" GATEWAY_HTTP_PORT="$GW_HTTP" SCORER_HTTP_PORT="$SC_HTTP"
  KAFKA_PORT="$KAFKA_PORT" DATA_DIR="$WORK/data" LOG_LEVEL=warn SCORING_LISTS_FILE="$LISTS")
PIN_SVC=() RUN_PIN=()
[ "$PIN" = 1 ] && PIN_SVC=(taskset -c 0) RUN_PIN=(--pin)
echo "$(quote_cmd env -u KAFKA_BROKERS -u GATEWAY_SCORING "${SVC_ENV[@]}" "${PIN_SVC[@]}" node "$LAUNCHER_MAIN")" >"$OUT/service.cmd"

SIPP_V=$(sipp -v 2>/dev/null | grep -o 'v[0-9][^ -]*' | head -1)
KAM_V=$(kamailio -v 2>/dev/null | head -1 | awk '{print $3}')
ANCHOR_SHA=$(cd "$ANCHOR_DIR" && find . -type f ! -path './results/*' | sort | xargs sha256sum | sha256sum | cut -c1-16)
BENCH_ID=$BENCH_ID COMMAND=$COMMAND RATES=$RATES TRANSPORT=$TRANSPORT DURATION=$DURATION PIN=$PIN GAP=$GAP \
WARMUP=$WARMUP KAMAILIO=$KAMAILIO ANCHOR_DIR=$ANCHOR_DIR ANCHOR_SHA=$ANCHOR_SHA SIP_PORT=$SIP_PORT KAFKA_PORT=$KAFKA_PORT \
GIT_HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null) GIT_DIRTY=$(git -C "$REPO" status --porcelain -- apps libs 2>/dev/null | wc -l) \
NODE_V=$(node -v 2>/dev/null) SIPP_V=$SIPP_V KAM_V=$KAM_V LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)" python3 - "$JSONL" <<'PY'
import json, os, sys
E = os.environ
rec = {"kind": "meta", "bench_id": E["BENCH_ID"], "command": E["COMMAND"], "rates": E["RATES"],
       "transport": E["TRANSPORT"], "variant": "608", "duration_s": int(E["DURATION"]), "pin": E["PIN"] == "1",
       "gap_s": int(E["GAP"]), "warmup_s": int(E["WARMUP"]), "kamailio": E["KAMAILIO"] == "1",
       "anchor_dir": E["ANCHOR_DIR"], "anchor_sha256_16": E["ANCHOR_SHA"], "sip_port": int(E["SIP_PORT"]),
       "kafka_port": int(E["KAFKA_PORT"]), "git_head": E["GIT_HEAD"], "git_dirty_files_apps_libs": int(E["GIT_DIRTY"]),
       "node": E["NODE_V"], "sipp": E["SIPP_V"], "kamailio_version": E["KAM_V"], "nproc": os.cpu_count(),
       "loadavg_at_start": E["LOADAVG"]}
with open(sys.argv[1], "a") as fh:
    fh.write(json.dumps(rec) + "\n")
PY
echo "bench-full: $COMMAND" >&2
echo "bench-full: results in $OUT" >&2

say "starting the service: $(cat "$OUT/service.cmd")"
# setsid: its own session, so a Ctrl-C reaches only this script, which stops the launcher in order.
( cd "$REPO" && exec env -u KAFKA_BROKERS -u GATEWAY_SCORING "${SVC_ENV[@]}" setsid "${PIN_SVC[@]}" node "$LAUNCHER_MAIN" ) \
  >"$SVC_OUT" 2>"$SVC_LOG" &
SVC_PID=$!
T_START=$(date +%s)
while :; do
  grep -q '^ready' "$SVC_OUT" 2>/dev/null && break
  if ! kill -0 "$SVC_PID" 2>/dev/null; then
    wait "$SVC_PID" 2>/dev/null; SVC_PID=""
    echo "bench-full: the service exited during start; its stderr ($SVC_LOG):" >&2
    tail -15 "$SVC_LOG" >&2
    exit 1
  fi
  if [ $(( $(date +%s) - T_START )) -ge "$START_TIMEOUT" ]; then
    echo "bench-full: the service did not print 'ready' within ${START_TIMEOUT}s; its stderr ($SVC_LOG):" >&2
    tail -15 "$SVC_LOG" >&2
    exit 1
  fi
  sleep 0.25
done
SVC_ALL=$(descendants "$SVC_PID" | tr '\n' ' ')
say "service ready in $(( $(date +%s) - T_START ))s; pids: $(python3 "$HERE/lib/full_report.py" pids "$SVC_PID" | tr '\n' ' ')"
sed 's/^/  /' "$SVC_OUT" >&2

# Pre-flight: one INVITE like the scenario's must get 608 (a 302 = fail-open = scoring not working).
PREFLIGHT_OK=0
for i in $(seq 10); do
  probe "$TRANSPORT" 127.0.0.1 "$SIP_PORT" INVITE "$BLOCKED_CALLER" "$CALLEE" >"$OUT/preflight.txt"
  if head -1 "$OUT/preflight.txt" | grep -q '^SIP/2.0 608 '; then PREFLIGHT_OK=1; break; fi
  sleep 1
done
if [ "$PREFLIGHT_OK" = 1 ]; then
  say "pre-flight INVITE from $BLOCKED_CALLER: $(head -1 "$OUT/preflight.txt") (attempt $i)"
else
  echo "bench-full: WARNING: pre-flight INVITE from $BLOCKED_CALLER expected 608 after 10 attempts, got: $(tr '\n' ' ' <"$OUT/preflight.txt")" >&2
  echo "bench-full: WARNING: the runs below are measured anyway; expect every call to fail" >&2
fi
python3 -c 'import json,sys; open(sys.argv[1],"a").write(json.dumps({"kind":"preflight","bench_id":sys.argv[2],"ok":sys.argv[3]=="1","attempts":int(sys.argv[4]),"reply":open(sys.argv[5]).read()})+"\n")' \
  "$JSONL" "$BENCH_ID" "$PREFLIGHT_OK" "$i" "$OUT/preflight.txt"
http_get "http://127.0.0.1:$GW_HTTP/metrics" >"$OUT/gateway-metrics-start.txt"

# ---------------------------------------------------------------- runs
STATUS=0
service_alive() { kill -0 "$SVC_PID" 2>/dev/null && [ -n "$(probe "$TRANSPORT" 127.0.0.1 "$SIP_PORT" OPTIONS | head -1)" ]; }

run_anchor() { # run_anchor ANCHOR DIR ARGS... (in the background, so a signal reaches us at once)
  local anchor=$1 dir=$2; shift 2
  echo "$(quote_cmd "$anchor/run-anchor.sh" "$@")" >"$dir/run-anchor.cmd"
  "$anchor/run-anchor.sh" "$@" >"$dir/run-anchor.out" 2>"$dir/run-anchor.err" &
  RUN_PID=$!
  wait "$RUN_PID"; local rc=$?
  RUN_PID=""
  return "$rc"
}

run_service() { # run_service RATE PHASE [DURATION] -> 0 if it passes (verdict PASS and fail% < 0.1)
  local rate=$1 phase=$2 dur=${3:-$DURATION} dir rc note="" l0 args=()
  dir="$OUT/runs/service-$TRANSPORT-$rate"
  [ "$phase" = warmup ] && dir="$OUT/runs/warmup-$TRANSPORT-$rate"
  mkdir -p "$dir"
  if ! service_alive; then
    note="service not answering OPTIONS before the run (launcher alive: $(kill -0 "$SVC_PID" 2>/dev/null && echo yes || echo no))"
    echo "bench-full: $note" >&2
  fi
  [ "$KEEP" = 1 ] && args+=(--keep)
  args+=(-s none "${RUN_PIN[@]}" -t "$TRANSPORT" -v 608 -r "$rate" -d "$dur" -o "$dir"
    --label "bench-full/service-$phase/$TRANSPORT/$rate" "127.0.0.1:$SIP_PORT")
  python3 "$HERE/lib/full_report.py" pids "$SVC_PID" >"$dir/service-pids.txt"
  http_get "http://127.0.0.1:$GW_HTTP/metrics" >"$dir/metrics-before.txt"
  l0=$(log_lines)
  local tag=""; [ "$phase" = warmup ] && tag=" warm-up (cold start; not part of the search)"
  say "service$tag $TRANSPORT $rate calls/s x ${dur}s"
  run_anchor "$ANCHOR_SVC" "$dir" "${args[@]}"; rc=$?
  http_get "http://127.0.0.1:$GW_HTTP/metrics" >"$dir/metrics-after.txt"
  http_get "http://127.0.0.1:$SC_HTTP/metrics" >"$dir/scorer-metrics-after.txt"
  # a child restarted by the launcher during the run has a new pid: add it
  python3 "$HERE/lib/full_report.py" pids "$SVC_PID" >>"$dir/service-pids.txt"
  sort -u -o "$dir/service-pids.txt" "$dir/service-pids.txt"
  tail -n +"$((l0 + 1))" "$SVC_LOG" >"$dir/service-log.txt"
  kill -0 "$SVC_PID" 2>/dev/null || note="${note:+$note; }the launcher exited during the run (see $SVC_LOG)"
  [ "$rc" = 2 ] && note="${note:+$note; }run-anchor setup error: $(tail -1 "$dir/run-anchor.err")"
  BENCH_PHASE=$phase python3 "$HERE/lib/full_report.py" record "$JSONL" "$BENCH_ID" service "$rate" "$dir" "$rc" "$note"
  grep -q '^anchor ' "$dir/run-anchor.out" || STATUS=1
  python3 - "$JSONL" <<'PY'
import json, sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
sys.exit(0 if last.get("passes") else 1)
PY
}

run_kamailio() { # run_kamailio RATE
  local rate=$1 dir rc port args=()
  dir="$OUT/runs/kamailio-$TRANSPORT-$rate"
  mkdir -p "$dir"
  port=$(free_ports 1)
  [ "$KEEP" = 1 ] && args+=(--keep)
  args+=(-s kamailio -w 2 "${RUN_PIN[@]}" -t "$TRANSPORT" -v 608 -r "$rate" -d "$DURATION" -o "$dir"
    --label "bench-full/kamailio/$TRANSPORT/$rate" "127.0.0.1:$port")
  [ -n "$SVC_PID" ] && python3 "$HERE/lib/full_report.py" pids "$SVC_PID" >"$dir/service-pids.txt"
  say "kamailio $TRANSPORT $rate calls/s x ${DURATION}s"
  run_anchor "$ANCHOR_KAM" "$dir" "${args[@]}"; rc=$?
  local note=""
  [ "$rc" = 2 ] && note="run-anchor setup error: $(tail -1 "$dir/run-anchor.err")"
  BENCH_PHASE=kamailio python3 "$HERE/lib/full_report.py" record "$JSONL" "$BENCH_ID" kamailio "$rate" "$dir" "$rc" "$note"
  grep -q '^anchor ' "$dir/run-anchor.out" || STATUS=1
}

# Idle: the service's own CPU with no load, for reading us/call at low rates.
python3 "$HERE/lib/full_report.py" idle "$SVC_PID" 3 "$JSONL" "$BENCH_ID" >&2

if [ "$WARMUP" -gt 0 ]; then
  # The same load as the first step, recorded (phase warm-up: the cold-start figures) but not
  # part of the search: a fresh JIT / Kafka client / broker is not the steady state.
  run_service "${RATE_LIST[0]}" warmup "$WARMUP" || true
  sleep "$GAP"
fi

BEST="" MEASURED_LAT=0 first=1
for rate in "${RATE_LIST[@]}"; do
  [ "$first" = 1 ] || sleep "$GAP"
  first=0
  [ "$rate" = "$LATENCY_RATE" ] && MEASURED_LAT=1
  if run_service "$rate" search; then
    BEST=$rate
  else
    say "stopping the search at $rate calls/s"
    break
  fi
  kill -0 "$SVC_PID" 2>/dev/null || break
done
if [ "$MEASURED_LAT" = 0 ] && kill -0 "$SVC_PID" 2>/dev/null; then
  sleep "$GAP"
  run_service "$LATENCY_RATE" extra
fi

# Kamailio after the service runs, with the service still up but idle (the same machine state).
if [ "$KAMAILIO" = 1 ]; then
  K_RATES=("$LATENCY_RATE")
  [ -n "$BEST" ] && [ "$BEST" != "$LATENCY_RATE" ] && K_RATES+=("$BEST")
  for rate in "${K_RATES[@]}"; do
    sleep 1
    run_kamailio "$rate"
  done
fi

# Stop the service before the report, so its shutdown lines land in service.log.
stop_service
python3 "$HERE/lib/full_report.py" report "$JSONL" "$BENCH_ID" | tee "$OUT/table.txt"
n_err=$(grep -c '"level":[56][0-9]' "$SVC_LOG" 2>/dev/null); n_err=${n_err:-0}
echo
echo "service log: $SVC_LOG ($n_err error-level line(s); the launcher's stderr, all runs)"
echo "files: $OUT (bench-full.jsonl, table.txt, service.log, launcher.out, runs/*)"
exit "$STATUS"
