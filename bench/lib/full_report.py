#!/usr/bin/env python3
"""bench-full.sh's bookkeeping: per-run records (anchor summary + whole-service CPU + the
gateway's counters) as JSON lines, and the final report. Standard library only.

usage:
  full_report.py pids LAUNCHER_PID
      prints "PID COMPONENT" for the launcher and all its descendants (component: launcher,
      gateway, scorer, kafka, other), read from /proc.
  full_report.py idle LAUNCHER_PID SECONDS JSONL BENCH_ID
      the service's CPU with no load over SECONDS, per component; appends {"kind": "idle"}.
  full_report.py record JSONL BENCH_ID ROLE RATE RUN_DIR RC [NOTE]
      ROLE = service | kamailio. Reads RUN_DIR/run-anchor.out (the `anchor ...` line) and, for
      the service, RUN_DIR/snap0.txt + snap1.txt (run-anchor's per-thread CPU snapshots, taken
      right before and after SIPp), RUN_DIR/service-pids.txt, RUN_DIR/metrics-before.txt +
      metrics-after.txt (the gateway's /metrics) and RUN_DIR/service-log.txt (the launcher's
      stderr during the run). Appends one {"kind": "run"} line to JSONL and prints one line.
  full_report.py report JSONL BENCH_ID
      prints the table, the result lines (highest rate, latency at 1,000 calls/s beside
      Kamailio, ratios), the targets and the command; appends {"kind": "summary"} and
      {"kind": "target"} lines to JSONL.
"""
import json
import os
import re
import sys
import time

from records import fnum, num

FAIL_LIMIT_PCT = 0.1          # the search's pass criterion (with run-anchor's verdict)
TARGET_CPS = 3000             # >= 3,000 calls/s with < 0.1 % failed calls
TARGET_P99_MS = 10.0          # p99 <= 10 ms at 1,000 calls/s
LATENCY_RATE = 1000


# ---------------------------------------------------------------- helpers
def fmt(v, spec):
    return "na" if v is None else spec % v


def append(path, rec):
    with open(path, "a") as fh:
        fh.write(json.dumps(rec) + "\n")


def read(path, default=""):
    try:
        with open(path, errors="replace") as fh:
            return fh.read()
    except OSError:
        return default


# ---------------------------------------------------------------- pids
def ppid_map():
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = read("/proc/%s/stat" % d)
            # pid (comm) state ppid ...: comm may hold spaces and parentheses
            rest = st[st.rfind(")") + 2:].split()
            if len(rest) >= 2 and rest[1].isdigit():
                kids.setdefault(int(rest[1]), []).append(int(d))
    return kids


def component(pid):
    cmd = read("/proc/%d/cmdline" % pid).replace("\0", " ")
    if "sip-gateway" in cmd:
        return "gateway"
    if "apps/scorer" in cmd:
        return "scorer"
    if "launcher" in cmd:
        return "launcher"
    if "java" in cmd and "kafka" in cmd.lower():
        return "kafka"
    return "other"


def pids(launcher):
    kids = ppid_map()
    todo, seen = [int(launcher)], []
    while todo:
        p = todo.pop(0)
        if p in seen or not os.path.exists("/proc/%d" % p):
            continue
        seen.append(p)
        todo += kids.get(p, [])
    for p in seen:
        print(p, component(p))


# ---------------------------------------------------------------- per-run record
def snap(path):
    d = {}
    for line in read(path).splitlines():
        p = line.split()
        if len(p) == 3:
            try:
                # "PID TID/schedstat NS" as run-anchor.sh writes it; the TID field is only a key
                d[(int(p[0]), p[1])] = int(p[2])
            except ValueError:
                pass
    return d


def service_cpu(run_dir):
    """ns of CPU per component between run-anchor's two snapshots (its own rule: a thread
    new in the second snapshot counts whole; one gone by then is lost)."""
    comp = {}
    for line in read(os.path.join(run_dir, "service-pids.txt")).splitlines():
        p = line.split()
        if len(p) == 2 and p[0].isdigit():
            comp[int(p[0])] = p[1]
    s0, s1 = snap(os.path.join(run_dir, "snap0.txt")), snap(os.path.join(run_dir, "snap1.txt"))
    if not comp or not s1:
        return None
    ns = {}
    for (pid, tid), v in s1.items():
        if pid in comp:
            d = v - s0.get((pid, tid), 0)
            if d > 0:
                ns[comp[pid]] = ns.get(comp[pid], 0) + d
    return ns


METRIC = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def metrics(path):
    m = {}
    for line in read(path).splitlines():
        if line.startswith("#"):
            continue
        g = METRIC.match(line)
        if g:
            try:
                m[(g.group(1), g.group(2) or "")] = float(g.group(3))
            except ValueError:
                pass
    return m


def label(labels, name):
    g = re.search(r'%s="([^"]*)"' % name, labels)
    return g.group(1) if g else "?"


def metric_deltas(run_dir):
    b, a = metrics(os.path.join(run_dir, "metrics-before.txt")), metrics(os.path.join(run_dir, "metrics-after.txt"))
    if not a:
        return None
    out = {"fail_open": 0, "fail_open_by_cause": {}, "responses_by_code": {}, "dropped_by_cause": {},
           "scoring_late": 0, "parse_errors": 0}
    for (name, labels), v in a.items():
        d = v - b.get((name, labels), 0.0)
        if d <= 0:
            continue
        d = int(round(d))
        if name == "sip_fail_open_total":
            out["fail_open"] += d
            c = label(labels, "cause")
            out["fail_open_by_cause"][c] = out["fail_open_by_cause"].get(c, 0) + d
        elif name == "sip_responses_total":
            out["responses_by_code"][label(labels, "code")] = d
        elif name == "sip_messages_dropped_total":
            out["dropped_by_cause"][label(labels, "cause")] = d
        elif name == "sip_scoring_late_total":
            out["scoring_late"] += d
        elif name == "sip_parse_errors_total":
            out["parse_errors"] += d
    return out


def log_findings(run_dir):
    """error-level lines (pino level >= 50) and restarts in the launcher's stderr during the run"""
    errors, restarts, first = 0, 0, []
    for line in read(os.path.join(run_dir, "service-log.txt")).splitlines():
        bad = False
        if re.search(r'"level":\s*(5\d|6\d)', line):
            errors += 1
            bad = True
        if "exited (code" in line or "restart" in line:
            restarts += 1
            bad = True
        if bad and len(first) < 3:
            first.append(line[:300])
    return {"log_errors": errors, "log_restarts": restarts, "log_first": first}


def idle(launcher, seconds, jsonl, bench_id):
    """the service's CPU with no load: schedstat of its processes' threads over SECONDS"""
    def take(comp):
        d = {}
        for pid, c in comp.items():
            try:
                tids = os.listdir("/proc/%d/task" % pid)
            except OSError:
                continue
            for t in tids:
                v = read("/proc/%d/task/%s/schedstat" % (pid, t)).split()
                if v:
                    d[(pid, t)] = (c, int(v[0]))
        return d
    kids = ppid_map()
    todo, comp = [int(launcher)], {}
    while todo:
        p = todo.pop(0)
        if p not in comp and os.path.exists("/proc/%d" % p):
            comp[p] = component(p)
            todo += kids.get(p, [])
    t0, a = time.monotonic(), take(comp)
    time.sleep(float(seconds))
    t1, b = time.monotonic(), take(comp)
    ns = {}
    for k, (c, v) in b.items():
        d = v - a.get(k, (c, 0))[1]
        if d > 0:
            ns[c] = ns.get(c, 0) + d
    pct = {c: 100.0 * v / 1e9 / (t1 - t0) for c, v in ns.items()}
    append(jsonl, {"kind": "idle", "bench_id": bench_id, "seconds": t1 - t0, "cpu_pct": pct,
                   "total_cpu_pct": sum(pct.values())})
    print("service idle CPU over %.1f s (no load): %.0f %% of one CPU (%s)" % (
        t1 - t0, sum(pct.values()), ", ".join("%s %.0f %%" % (c, v) for c, v in sorted(pct.items()))))


def record(jsonl, bench_id, role, rate, run_dir, rc, note=""):
    line = ""
    for l in read(os.path.join(run_dir, "run-anchor.out")).splitlines():
        if l.startswith("anchor "):
            line = l.strip()
            break
    rec = {"kind": "run", "bench_id": bench_id, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "role": role, "rate": int(rate), "phase": os.environ.get("BENCH_PHASE", "search"),
           "run_dir": run_dir, "run_anchor_rc": int(rc)}
    for kv in line.split()[1:]:
        if "=" in kv:
            k, v = kv.split("=", 1)
            rec.setdefault(k, num(v))
    rec["rate"] = int(rate)
    if not line:
        rec["verdict"] = "ERROR"
    calls = fnum(rec, "calls")
    bad = (fnum(rec, "failed") or 0) + (fnum(rec, "unplaced") or 0)
    rec["failed_unplaced_pct"] = 100.0 * bad / calls if calls else None
    rec["passes"] = bool(line) and rec.get("verdict") == "PASS" and rec["failed_unplaced_pct"] < FAIL_LIMIT_PCT
    # run-anchor's own figure: the processes listening on the SIP port = the gateway only
    rec["gateway_us_per_call"] = fnum(rec, "server_us_per_call")
    if role == "service":
        ns = service_cpu(run_dir)
        ok, wall = fnum(rec, "ok"), fnum(rec, "wall_s")
        if ns is not None:
            total = sum(ns.values())
            rec["service_cpu_ns"] = ns
            rec["service_cpu_pct"] = 100.0 * total / 1e9 / wall if wall else None
            rec["service_us_per_call"] = total / 1e3 / ok if ok else None
            for c in ("gateway", "scorer", "kafka", "launcher"):
                rec["%s_us_per_call_snap" % c] = ns.get(c, 0) / 1e3 / ok if ok else None
            # run-anchor's others_cpu_pct counts the scorer, Kafka and the launcher (not listening
            # on the SIP port) as "others": take them out for the noise figure.
            others = fnum(rec, "others_cpu_pct")
            if others is not None and wall:
                extra = 100.0 * (total - ns.get("gateway", 0)) / 1e9 / wall
                rec["others_ex_service_cpu_pct"] = max(0.0, others - extra)
        md = metric_deltas(run_dir)
        if md is not None:
            rec.update(md)
        else:
            rec["fail_open"] = None
        rec.update(log_findings(run_dir))
    else:
        # Kamailio is measured with our service still up (idle): take its CPU out of "others" too
        rec["others_ex_service_cpu_pct"] = fnum(rec, "others_cpu_pct")
        ns, wall, others = service_cpu(run_dir), fnum(rec, "wall_s"), fnum(rec, "others_cpu_pct")
        if ns is not None and wall and others is not None:
            pct = 100.0 * sum(ns.values()) / 1e9 / wall
            rec["idle_service_cpu_pct"] = pct
            rec["others_ex_service_cpu_pct"] = max(0.0, others - pct)
    if note:
        rec["note"] = note
    rec["summary"] = line
    append(jsonl, rec)
    if line:
        extra = ""
        if role == "service":
            extra = "  [service_us_per_call=%s fail_open=%s others_ex_service_cpu_pct=%s log_errors=%s]" % (
                fmt(rec.get("service_us_per_call"), "%.1f"), rec.get("fail_open", "na"),
                fmt(rec.get("others_ex_service_cpu_pct"), "%.0f"), rec.get("log_errors", "na"))
        print(line + extra)
    else:
        print("%s rate=%s: no summary (%s)" % (role, rate, note or "run-anchor rc=%s" % rc))


# ---------------------------------------------------------------- report
def report(jsonl, bench_id):
    recs = []
    for l in read(jsonl).splitlines():
        if l.strip():
            r = json.loads(l)
            if r.get("bench_id") == bench_id:
                recs.append(r)
    meta = next((r for r in recs if r["kind"] == "meta"), {})
    runs = [r for r in recs if r["kind"] == "run"]
    svc = [r for r in runs if r["role"] == "service"]
    kam = {r["rate"]: r for r in runs if r["role"] == "kamailio"}
    search = [r for r in svc if r.get("phase") == "search"]
    idle_rec = next((r for r in recs if r["kind"] == "idle"), None)

    cols = ["server", "rate", "achieved", "ok", "failed", "unplaced", "fail%", "retrans", "fail_open",
            "p50_ms", "p99_ms", "gw_us/call", "svc_us/call", "svc_cpu%", "others%", "verdict"]
    rows, notes = [], []
    for r in svc + sorted(kam.values(), key=lambda x: x["rate"]):
        is_svc = r["role"] == "service"
        name = "kamailio"
        if is_svc:
            name = {"warmup": "service (warm-up)", "extra": "service (extra)"}.get(r.get("phase"), "service")
        row = [name, str(r["rate"]), fmt(fnum(r, "achieved_cps"), "%.1f"),
               fmt(fnum(r, "ok"), "%d"), fmt(fnum(r, "failed"), "%d"), fmt(fnum(r, "unplaced"), "%d"),
               fmt(fnum(r, "failed_unplaced_pct"), "%.3f"), fmt(fnum(r, "retrans"), "%d"),
               fmt(fnum(r, "fail_open"), "%d") if is_svc else "-",
               fmt(fnum(r, "p50_ms"), "%.3f"), fmt(fnum(r, "p99_ms"), "%.3f"),
               fmt(fnum(r, "gateway_us_per_call"), "%.1f"),
               fmt(fnum(r, "service_us_per_call"), "%.1f") if is_svc else "-",
               fmt(fnum(r, "service_cpu_pct"), "%.0f") if is_svc else fmt(fnum(r, "server_cpu_pct"), "%.0f") + (
                   " (+%.0f)" % r["idle_service_cpu_pct"] if r.get("idle_service_cpu_pct") is not None else ""),
               fmt(fnum(r, "others_ex_service_cpu_pct"), "%.0f"), str(r.get("verdict", "?"))]
        n = r.get("note")
        if is_svc and r.get("log_errors"):
            n = (n + "; " if n else "") + "%d error line(s) in service.log during the run, e.g. %s" % (
                r["log_errors"], (r.get("log_first") or ["?"])[0][:200])
        if n:
            if n not in notes:
                notes.append(n)
            row[-1] += " [%d]" % (notes.index(n) + 1)
        rows.append(row)
    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c) for i, c in enumerate(cols)]
    left = (0, 15)
    print()
    print("  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cols, widths))).rstrip())
    for row in rows:
        print("  ".join(x.ljust(w) if i in left else x.rjust(w) for i, (x, w) in enumerate(zip(row, widths))).rstrip())
    for i, n in enumerate(notes):
        print("[%d] %s" % (i + 1, n))
    print()
    print("service = SIPp -> gateway -> Kafka -> scorer -> gateway -> SIPp (npm start's launcher, %s); kamailio = the"
          % ("pinned to CPU 0, SIPp on CPU 1" if meta.get("pin") else "unpinned"))
    print("  anchor's static 608 (run-anchor.sh -s kamailio), same transport, same invocation.")
    print("fail%: (failed + unplaced) / calls. fail_open: sip_fail_open_total during the run (gateway /metrics);")
    print("  a fail-open is answered 302, which the 608 scenario counts as a FAILED call.")
    print("p50/p99: INVITE in -> final response out, from run-anchor's 3 s loopback capture mid-run.")
    print("gw_us/call: CPU of the gateway process only (what run-anchor measures: the processes on the SIP port);")
    print("  svc_us/call: the whole service (gateway + scorer + Kafka JVM + launcher, all threads, same window);")
    print("  both / successful calls. svc_cpu%: the whole service's CPU, % of one CPU (200 = both CPUs);")
    print("  for kamailio: its own CPU (+ our idle service's meanwhile, also taken out of others%).")
    print("service (warm-up): the first load on the fresh service (cold JITs, new Kafka clients), not part of")
    print("  the search; service (extra): 1,000 calls/s measured after the search stopped below it.")
    if idle_rec:
        print("service idle CPU (no load, %.0f s, before the runs): %.0f %% of one CPU (%s)" % (
            idle_rec["seconds"], idle_rec["total_cpu_pct"],
            ", ".join("%s %.0f %%" % (c, v) for c, v in sorted(idle_rec["cpu_pct"].items()))))
    print("others%: CPU of other processes meanwhile (run-anchor's others_cpu_pct minus our scorer/Kafka/launcher);")
    print("  well above 0 = a noisy machine (other engineers' tests): repeat the run.")

    # ---- results
    passing = []
    for r in search:
        if r.get("passes"):
            passing.append(r)
        else:
            break
    best = passing[-1] if passing else None
    first_fail = search[len(passing)] if len(passing) < len(search) else None
    at1k = next((r for r in svc if r["rate"] == LATENCY_RATE and r.get("phase") != "warmup"), None)
    k1k = kam.get(LATENCY_RATE)
    kbest = kam.get(best["rate"]) if best else None
    print()
    print("results:")
    if best:
        print("  highest rate with < %.1f %% failed calls: %d calls/s (achieved %s, fail %s %%, verdict %s)" % (
            FAIL_LIMIT_PCT, best["rate"], fmt(fnum(best, "achieved_cps"), "%.1f"),
            fmt(fnum(best, "failed_unplaced_pct"), "%.3f"), best.get("verdict")))
    else:
        print("  highest rate with < %.1f %% failed calls: none (the first step, %s calls/s, failed)" % (
            FAIL_LIMIT_PCT, search[0]["rate"] if search else "?"))
    if first_fail:
        why = []
        calls, ach, rt = fnum(first_fail, "calls"), fnum(first_fail, "achieved_cps"), fnum(first_fail, "retrans")
        if (fnum(first_fail, "failed_unplaced_pct") or 0) >= FAIL_LIMIT_PCT:
            why.append("failed + unplaced >= %.1f %%" % FAIL_LIMIT_PCT)
        if calls and rt is not None and rt >= 0.001 * calls:
            why.append("UDP retransmissions >= 0.1 % (replies lost or > 500 ms late)")
        if ach is not None and ach < 0.95 * first_fail["rate"]:
            why.append("achieved < 95 % of the rate")
        if first_fail.get("verdict") == "ERROR":
            why.append("no summary: %s" % first_fail.get("note", "run-anchor failed"))
        print("  search stopped at %d calls/s (%s): verdict %s, fail %s %% (failed %s, unplaced %s, of which fail-open %s), "
              "achieved %s, retrans %s" % (
                  first_fail["rate"], "; ".join(why) or "?", first_fail.get("verdict"), fmt(fnum(first_fail, "failed_unplaced_pct"), "%.3f"),
                  fmt(fnum(first_fail, "failed"), "%d"), fmt(fnum(first_fail, "unplaced"), "%d"),
                  fmt(fnum(first_fail, "fail_open"), "%d"), fmt(fnum(first_fail, "achieved_cps"), "%.1f"),
                  fmt(fnum(first_fail, "retrans"), "%d")))
    elif search:
        print("  search did not fail up to its last step (%d calls/s): the capacity is at least that" % search[-1]["rate"])

    def ratio(a, b):
        return a / b if a is not None and b else None

    summary = {"kind": "summary", "bench_id": bench_id, "highest_passing_cps": best["rate"] if best else None,
               "first_failing_cps": first_fail["rate"] if first_fail else None,
               "fail_open_total": sum(int(r.get("fail_open") or 0) for r in svc)}
    for tag, s, k in (("at_%d" % LATENCY_RATE, at1k, k1k), ("at_highest", best, kbest)):
        if s is None:
            continue
        if tag == "at_highest" and at1k is not None and s["rate"] == LATENCY_RATE:
            summary[tag] = summary.get("at_%d" % LATENCY_RATE)
            continue
        sp50, sp99, kp50, kp99 = fnum(s, "p50_ms"), fnum(s, "p99_ms"), fnum(k, "p50_ms"), fnum(k, "p99_ms")
        gu, su, ku = fnum(s, "gateway_us_per_call"), fnum(s, "service_us_per_call"), fnum(k, "gateway_us_per_call")
        print("  at %d calls/s: service p50 %s ms, p99 %s ms | kamailio p50 %s ms, p99 %s ms | ratio p50 %s, p99 %s" % (
            s["rate"], fmt(sp50, "%.3f"), fmt(sp99, "%.3f"), fmt(kp50, "%.3f"), fmt(kp99, "%.3f"),
            fmt(ratio(sp50, kp50), "%.1f"), fmt(ratio(sp99, kp99), "%.1f")))
        print("  %s  CPU/call: gateway %s us, whole service %s us | kamailio %s us | ratio gateway %s, whole service %s" % (
            " " * len(str(s["rate"])), fmt(gu, "%.1f"), fmt(su, "%.1f"), fmt(ku, "%.1f"),
            fmt(ratio(gu, ku), "%.1f"), fmt(ratio(su, ku), "%.1f")))
        print("  %s  whole service = gateway %s + scorer %s + Kafka %s + launcher %s us/call; service CPU %s %% of one CPU"
              % (" " * len(str(s["rate"])), fmt(fnum(s, "gateway_us_per_call_snap"), "%.0f"),
                 fmt(fnum(s, "scorer_us_per_call_snap"), "%.0f"), fmt(fnum(s, "kafka_us_per_call_snap"), "%.0f"),
                 fmt(fnum(s, "launcher_us_per_call_snap"), "%.0f"), fmt(fnum(s, "service_cpu_pct"), "%.0f")))
        summary[tag] = {"rate": s["rate"], "p50_ms": sp50, "p99_ms": sp99, "kamailio_p50_ms": kp50,
                        "kamailio_p99_ms": kp99, "ratio_p50": ratio(sp50, kp50), "ratio_p99": ratio(sp99, kp99),
                        "gateway_us_per_call": gu, "service_us_per_call": su, "kamailio_us_per_call": ku,
                        "ratio_gateway_us_per_call": ratio(gu, ku), "ratio_service_us_per_call": ratio(su, ku),
                        "fail_open": s.get("fail_open"), "failed_unplaced_pct": fnum(s, "failed_unplaced_pct")}
    print("  fail-opens (302 instead of 608, counted as failed calls): %d over all service runs, warm-up included (%s)" % (
        summary["fail_open_total"], ", ".join("%s%d/s: %s" % ("warm-up " if r.get("phase") == "warmup" else "", r["rate"],
                                                            r.get("fail_open", "na")) for r in svc)))
    append(jsonl, summary)

    # ---- targets
    print()
    print("targets (printed, not asserted):")

    def say(ok):
        return "n/a" if ok is None else ("meets" if ok else "MISSES")
    got_cps = best["rate"] if best else 0
    p99 = fnum(at1k, "p99_ms")
    checks = [("throughput", "%d calls/s with < %.1f %% failed" % (got_cps, FAIL_LIMIT_PCT),
               ">= %d calls/s" % TARGET_CPS, got_cps >= TARGET_CPS if search else None)]
    p99_note = ""
    if at1k is not None and not at1k.get("passes"):
        p99_note = " (that run itself failed: %s %% failed)" % fmt(fnum(at1k, "failed_unplaced_pct"), "%.3f")
    checks.append(("p99 at %d/s" % LATENCY_RATE, fmt(p99, "%.3f ms") + p99_note, "<= %.0f ms" % TARGET_P99_MS,
                   None if p99 is None else (p99 <= TARGET_P99_MS and bool(at1k.get("passes")))))
    for name, got, want, ok in checks:
        print("  %-14s %-44s target %-16s %s" % (name, got, want, say(ok)))
        append(jsonl, {"kind": "target", "bench_id": bench_id, "metric": name, "value": got, "target": want,
                       "meets": ok})
    if meta.get("command"):
        print()
        print("command: " + meta["command"])


def main():
    a = sys.argv
    if len(a) in (3, 4) and a[1] == "pids":
        pids(a[2])
    elif len(a) == 6 and a[1] == "idle":
        idle(*a[2:6])
    elif len(a) >= 8 and a[1] == "record":
        record(*a[2:9])
    elif len(a) == 4 and a[1] == "report":
        report(a[2], a[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
