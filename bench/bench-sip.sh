#!/usr/bin/env bash
# bench-sip.sh - SIP load benchmark of the sip-gateway beside the Kamailio anchor.
#
#   npm run bench:sip -- [options]          (builds dist/ first via scripts/ensure-built.js)
#   bash bench/bench-sip.sh [options]
#
# For every variant x transport x rate it runs the shared anchor's run-anchor.sh twice, back
# to back: once against Kamailio (the anchor's kamailio.cfg, started and stopped by
# run-anchor.sh, measured with the pristine anchor copy) and once against our gateway
# (`node dist/apps/sip-gateway/main.js`, in-process scoring, started by this script on free
# loopback ports, measured with `--server none` from an anchor copy whose scenarios are
# replaced by bench/scenarios/*.xml). It prints each run's `anchor ...` summary line, then a
# table with the ratios gateway / Kamailio, the targets, and the command line used; every
# record also goes to $OUT/bench-sip.jsonl. A benchmark: it prints, it does not assert.
#
#   --rates LIST        calls/s, comma-separated (default 1000,5000)
#   --transports LIST   udp,tcp (default); also tcpn (one TCP connection per call)
#   --duration S        seconds of load per run (default 10, 1..60)
#   --pin / --no-pin    pin the server to CPU 0 and SIPp + tcpdump to CPU 1 (default --pin:
#                       the fair comparison; needs 2 CPUs)
#   --variant V         608 (default: block-listed caller -> 608) | 302 (fine caller -> 302)
#                       | all (both)
#   --servers LIST      kamailio,gateway (default); one of them to measure only that side
#   --workers N         Kamailio UDP workers per socket and TCP workers (default 2, as the anchor)
#   --out DIR           keep the run files there (default bench/results/<UTC timestamp>)
#   --warmup S          before each gateway run, S seconds of the same load against the same
#                       gateway process, not measured (default 0: measured from a cold start, as
#                       Kamailio, which has no JIT to warm); 0..60
#   --keep              also keep each run's capture (cap.pcap) and SIPp's per-call rtt file
#   -h, --help
#
# Environment: ANCHOR_DIR (default: ../shared/bench/anchor beside the repository root);
# GATEWAY_MAIN (default dist/apps/sip-gateway/main.js: another build or entry point to bench).
# Exit status: 0 = every requested run produced a summary; 1 = some run produced none or the
# gateway could not be started; 2 = usage or setup error.
# Bounded: each run-anchor.sh run ends itself (120 s watchdog), the gateway gets 20 s to start
# and 10 s to stop; on exit or interrupt everything this script started is stopped by PID.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ANCHOR_DIR=${ANCHOR_DIR:-$(dirname "$REPO")/shared/bench/anchor}
RATES=1000,5000 TRANSPORTS=udp,tcp DURATION=10 PIN=1 VARIANTS=608 SERVERS=kamailio,gateway
WORKERS=2 OUT="" KEEP=0 WARMUP=0
GATEWAY_MAIN=${GATEWAY_MAIN:-dist/apps/sip-gateway/main.js}  # relative to the repository root
BLOCKED_CALLER=+12127363199 FINE_CALLER=+12127363100 CALLEE=+13125467890  # as in bench/scenarios

die() { echo "bench-sip: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
ts() { date -u +%H:%M:%S; }

ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=${2:-}; shift 2 ;;
    --transports) TRANSPORTS=${2:-}; shift 2 ;;
    -d|--duration) DURATION=${2:-}; shift 2 ;;
    --pin) PIN=1; shift ;;
    --no-pin) PIN=0; shift ;;
    --variant) VARIANTS=${2:-}; shift 2 ;;
    --servers) SERVERS=${2:-}; shift 2 ;;
    --workers) WORKERS=${2:-}; shift 2 ;;
    -o|--out) OUT=${2:-}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --warmup) WARMUP=${2:-}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# ---------------------------------------------------------------- validate
IFS=, read -r -a RATE_LIST <<<"$RATES"
IFS=, read -r -a TRANSPORT_LIST <<<"$TRANSPORTS"
IFS=, read -r -a SERVER_LIST <<<"$SERVERS"
[ ${#RATE_LIST[@]} -gt 0 ] || die "--rates is empty"
for r in "${RATE_LIST[@]}"; do
  [[ "$r" =~ ^[0-9]+$ ]] && [ "$r" -ge 1 ] && [ "$r" -le 200000 ] || die "bad rate '$r' (1..200000)"
done
[ ${#TRANSPORT_LIST[@]} -gt 0 ] || die "--transports is empty"
for t in "${TRANSPORT_LIST[@]}"; do case "$t" in udp|tcp|tcpn) ;; *) die "bad transport '$t' (udp, tcp, tcpn)" ;; esac; done
[ ${#SERVER_LIST[@]} -gt 0 ] || die "--servers is empty"
for s in "${SERVER_LIST[@]}"; do case "$s" in kamailio|gateway) ;; *) die "bad server '$s' (kamailio, gateway)" ;; esac; done
case "$VARIANTS" in 608|302) VARIANT_LIST=("$VARIANTS") ;; all) VARIANT_LIST=(608 302) ;; *) die "--variant must be 608, 302 or all" ;; esac
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 1 ] && [ "$DURATION" -le 60 ] || die "--duration must be 1..60"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -le 60 ] || die "--warmup must be 0..60"
[[ "$WORKERS" =~ ^[0-9]+$ ]] && [ "$WORKERS" -ge 1 ] && [ "$WORKERS" -le 64 ] || die "--workers must be 1..64"
[ -x "$ANCHOR_DIR/run-anchor.sh" ] || [ -f "$ANCHOR_DIR/run-anchor.sh" ] || die "no run-anchor.sh in ANCHOR_DIR=$ANCHOR_DIR"
[ "$PIN" = 0 ] || [ "$(nproc)" -ge 2 ] || die "--pin needs 2 CPUs (use --no-pin)"
wants() { local s; for s in "${SERVER_LIST[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

# ---------------------------------------------------------------- install what is missing
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
need_pkg sipp sip-tester
need_pkg python3 python3
need_pkg ss iproute2
need_pkg tcpdump tcpdump
need_pkg taskset util-linux
wants kamailio && need_pkg kamailio kamailio
if wants gateway; then command -v node >/dev/null 2>&1 || die "node (>= 20) is not installed"; fi

# ---------------------------------------------------------------- output, work copies, cleanup
BENCH_ID=$(date -u +%Y%m%dT%H%M%SZ)
[ -n "$OUT" ] || OUT="$REPO/bench/results/$BENCH_ID"
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
JSONL="$OUT/bench-sip.jsonl"
WORK=$(mktemp -d /tmp/bench-sip.XXXXXX) || die "mktemp failed"
GW_PID="" RUN_PID="" GW_PORT="" GW_HTTP_PORT=""

stop_pid() { # TERM, wait up to $2 s (default 10), then KILL
  local pid=$1 limit=${2:-10} i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq $((limit * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
cleanup() {
  # run-anchor.sh stops its own SIPp/tcpdump/server on TERM (its EXIT trap)
  [ -n "$RUN_PID" ] && stop_pid "$RUN_PID" 15
  [ -n "$GW_PID" ] && stop_pid "$GW_PID" 10
  RUN_PID="" GW_PID=""
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "bench-sip: interrupted" >&2; exit 130' INT TERM

# Two copies of the anchor: pristine for Kamailio, ours (bench/scenarios) for the gateway.
ANCHOR_KAM="$WORK/anchor-kamailio" ANCHOR_GW="$WORK/anchor-gateway"
copy_anchors "$ANCHOR_DIR" "$ANCHOR_KAM" "$ANCHOR_GW" "$HERE/scenarios"

# The lists file the gateway's in-process scorer loads: the 608 scenario's caller is blocked.
LISTS="$OUT/bench-lists.json"
write_bench_lists "$LISTS" "$BLOCKED_CALLER"

# ---------------------------------------------------------------- helpers
free_port() { # a loopback port free for both UDP and TCP (ephemeral range: away from SIPp's 25060-25160)
  python3 - <<'PY'
import socket
for _ in range(200):
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p))
    except OSError:
        t.close(); continue
    u.close(); t.close(); print(p); break
PY
}
probe() { python3 "$HERE/lib/sip_probe.py" "$@" 2>/dev/null; }

if [ "${npm_lifecycle_event:-}" = bench:sip ]; then
  COMMAND="npm run bench:sip${ARGS[*]:+ -- $(quote_cmd "${ARGS[@]}")}"
else
  COMMAND="bash bench/bench-sip.sh${ARGS[*]:+ $(quote_cmd "${ARGS[@]}")}"
fi

GW_STATUS=""   # empty = fine so far; otherwise why the gateway is not measured
if wants gateway; then
  [ -f "$GATEWAY_MAIN" ] || [ -f "$REPO/$GATEWAY_MAIN" ] || GW_STATUS="$GATEWAY_MAIN does not exist (build failed or not built: node scripts/ensure-built.js)"
else
  GW_STATUS="not requested (--servers $SERVERS)"
fi

start_gateway() { # start_gateway RUN_DIR TRANSPORT VARIANT -> sets GW_PID, GW_PORT; 0 ok / 1 failed (GW_STATUS set)
  local dir=$1 tr=$2 variant=$3 http i reply pin=()
  GW_PORT=$(free_port); http=$(free_port); GW_HTTP_PORT=$http
  [ -n "$GW_PORT" ] && [ -n "$http" ] || { GW_STATUS="no free port"; return 1; }
  [ "$PIN" = 1 ] && pin=(taskset -c 0)
  ( cd "$REPO" && exec env SIP_HOST=127.0.0.1 SIP_PORT="$GW_PORT" GATEWAY_HTTP_PORT="$http" LOG_LEVEL=warn GATEWAY_SCORING=in-process \
      SCORING_LISTS_FILE="$LISTS" DATA_DIR="$WORK/gateway-data" "${pin[@]}" node "$GATEWAY_MAIN" ) \
    >"$dir/gateway.log" 2>&1 &
  GW_PID=$!
  echo "$(quote_cmd env SIP_HOST=127.0.0.1 SIP_PORT="$GW_PORT" GATEWAY_HTTP_PORT="$http" LOG_LEVEL=warn GATEWAY_SCORING=in-process \
      SCORING_LISTS_FILE="$LISTS" "${pin[@]}" node "$GATEWAY_MAIN")" >"$dir/gateway.cmd"
  for i in $(seq 40); do
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      wait "$GW_PID" 2>/dev/null; GW_PID=""
      GW_STATUS="gateway exited during start (log: $dir/gateway.log): $(grep -v '^\s*$' "$dir/gateway.log" | head -3 | tr '\n' ' ' | cut -c1-300)"
      return 1
    fi
    reply=$(probe "${tr/tcpn/tcp}" 127.0.0.1 "$GW_PORT" OPTIONS | head -1)
    [ -n "$reply" ] && break
    sleep 0.5
  done
  if [ -z "$reply" ]; then
    stop_pid "$GW_PID" 10; GW_PID=""
    GW_STATUS="gateway did not answer OPTIONS over ${tr/tcpn/tcp} within 20 s (log: $dir/gateway.log)"
    return 1
  fi
  # Pre-flight: one INVITE like the scenario's, so a wrong answer is reported plainly.
  local from=$FINE_CALLER want=302
  [ "$variant" = 608 ] && from=$BLOCKED_CALLER want=608
  probe "${tr/tcpn/tcp}" 127.0.0.1 "$GW_PORT" INVITE "$from" "$CALLEE" >"$dir/preflight.txt"
  if ! head -1 "$dir/preflight.txt" | grep -q "^SIP/2.0 $want "; then
    echo "bench-sip: warning: pre-flight INVITE from $from expected $want, got: $(tr '\n' ' ' <"$dir/preflight.txt")" >&2
  fi
  sleep 0.5
  return 0
}

warm_up() { # warm_up RUN_DIR VARIANT TRANSPORT RATE TARGET: the same load, not measured
  local dir=$1 w=()
  mkdir -p "$dir/warmup"
  [ "$PIN" = 1 ] && w+=(--pin)
  echo "[$(ts)] gateway warm-up $2 $3 $4 calls/s x ${WARMUP}s" >&2
  "$ANCHOR_GW/run-anchor.sh" -s none "${w[@]}" -t "$3" -v "$2" -r "$4" -d "$WARMUP" -p 0 -o "$dir/warmup" \
    --label warmup "$5" >"$dir/warmup/run-anchor.out" 2>"$dir/warmup/run-anchor.err" &
  RUN_PID=$!
  wait "$RUN_PID"
  RUN_PID=""
  sed -n 's/^anchor .*\(achieved_cps=[^ ]*\).*\(failed=[^ ]*\).*/  warm-up: \1 \2/p' "$dir/warmup/run-anchor.out" >&2
  sleep 1
}

run_one() { # run_one ROLE VARIANT TRANSPORT RATE
  local role=$1 variant=$2 tr=$3 rate=$4 dir rc note="" anchor target args=()
  dir="$OUT/runs/$variant-$tr-$rate-$role"
  mkdir -p "$dir"
  [ "$PIN" = 1 ] && args+=(--pin)
  [ "$KEEP" = 1 ] && args+=(--keep)
  args+=(-t "$tr" -v "$variant" -r "$rate" -d "$DURATION" -o "$dir" --label "bench-sip/$role/$variant/$tr/$rate")
  echo "[$(ts)] $role $variant $tr $rate calls/s x ${DURATION}s" >&2
  if [ "$role" = kamailio ]; then
    anchor=$ANCHOR_KAM
    target="127.0.0.1:$(free_port)"
    args=(-s kamailio -w "$WORKERS" "${args[@]}" "$target")
  else
    if [ -n "$GW_STATUS" ]; then
      python3 "$HERE/lib/report.py" record "$JSONL" "$BENCH_ID" "$role" "$variant" "$tr" "$rate" "$dir" 2 "not run: $GW_STATUS"
      return 1
    fi
    anchor=$ANCHOR_GW
    start_gateway "$dir" "$tr" "$variant" || {
      echo "bench-sip: $GW_STATUS" >&2
      python3 "$HERE/lib/report.py" record "$JSONL" "$BENCH_ID" "$role" "$variant" "$tr" "$rate" "$dir" 2 "not run: $GW_STATUS"
      return 1
    }
    target="127.0.0.1:$GW_PORT"
    args=(-s none "${args[@]}" "$target")
    [ "$WARMUP" -gt 0 ] && warm_up "$dir" "$variant" "$tr" "$rate" "$target"
  fi
  echo "$(quote_cmd "$anchor/run-anchor.sh" "${args[@]}")" >"$dir/run-anchor.cmd"
  "$anchor/run-anchor.sh" "${args[@]}" >"$dir/run-anchor.out" 2>"$dir/run-anchor.err" &
  RUN_PID=$!
  wait "$RUN_PID"; rc=$?
  RUN_PID=""
  if [ "$role" = gateway ]; then
    # the gateway's own counters (responses, fail-opens, scoring latency) for this run
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=3).read().decode())' \
      "http://127.0.0.1:$GW_HTTP_PORT/metrics" >"$dir/gateway-metrics.txt" 2>/dev/null || rm -f "$dir/gateway-metrics.txt"
    kill -0 "$GW_PID" 2>/dev/null || note="gateway exited during the run (log: $dir/gateway.log)"
    stop_pid "$GW_PID" 10; GW_PID=""
  fi
  [ "$rc" = 2 ] && [ -z "$note" ] && note="run-anchor setup error: $(tail -1 "$dir/run-anchor.err")"
  python3 "$HERE/lib/report.py" record "$JSONL" "$BENCH_ID" "$role" "$variant" "$tr" "$rate" "$dir" "$rc" "$note"
  grep -q '^anchor ' "$dir/run-anchor.out"
}

# ---------------------------------------------------------------- the runs
SIPP_V=$(sipp -v 2>/dev/null | grep -o 'v[0-9][^ -]*' | head -1)
KAM_V=$(kamailio -v 2>/dev/null | head -1 | awk '{print $3}')
ANCHOR_SHA=$(cd "$ANCHOR_DIR" && find . -type f ! -path './results/*' | sort | xargs sha256sum | sha256sum | cut -c1-16)
BENCH_ID=$BENCH_ID COMMAND=$COMMAND RATES=$RATES TRANSPORTS=$TRANSPORTS VARIANTS=$VARIANTS \
SERVERS=$SERVERS DURATION=$DURATION PIN=$PIN WORKERS=$WORKERS WARMUP=$WARMUP ANCHOR_DIR=$ANCHOR_DIR GW_STATUS=$GW_STATUS \
GIT_HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null) NODE_V=$(node -v 2>/dev/null) SIPP_V=$SIPP_V \
KAM_V=$KAM_V ANCHOR_SHA=$ANCHOR_SHA python3 - "$JSONL" <<'PY'
import json, os, sys
E = os.environ
rec = {"kind": "meta", "bench_id": E["BENCH_ID"], "command": E["COMMAND"], "rates": E["RATES"],
       "transports": E["TRANSPORTS"], "variants": E["VARIANTS"], "servers": E["SERVERS"],
       "duration_s": int(E["DURATION"]), "warmup_s": int(E["WARMUP"]), "pin": E["PIN"] == "1", "kamailio_workers": int(E["WORKERS"]),
       "anchor_dir": E["ANCHOR_DIR"], "anchor_sha256_16": E["ANCHOR_SHA"], "gateway_status": E["GW_STATUS"], "git_head": E["GIT_HEAD"],
       "node": E["NODE_V"], "sipp": E["SIPP_V"], "kamailio": E["KAM_V"], "nproc": os.cpu_count()}
with open(sys.argv[1], "a") as fh:
    fh.write(json.dumps(rec) + "\n")
PY
echo "bench-sip: $COMMAND" >&2
echo "bench-sip: results in $OUT" >&2
[ -n "$GW_STATUS" ] && wants gateway && echo "bench-sip: gateway will NOT be measured: $GW_STATUS" >&2

STATUS=0
for variant in "${VARIANT_LIST[@]}"; do
  for tr in "${TRANSPORT_LIST[@]}"; do
    for rate in "${RATE_LIST[@]}"; do
      for role in kamailio gateway; do
        wants "$role" || continue
        run_one "$role" "$variant" "$tr" "$rate" || STATUS=1
      done
    done
  done
done

python3 "$HERE/lib/report.py" table "$JSONL" "$BENCH_ID" | tee "$OUT/table.txt"
if wants gateway && [ -n "$GW_STATUS" ]; then
  echo
  echo "gateway NOT measured: $GW_STATUS"
fi
echo "files: $OUT (bench-sip.jsonl, table.txt, runs/*)"
exit "$STATUS"
