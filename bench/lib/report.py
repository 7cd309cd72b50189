#!/usr/bin/env python3
"""bench-sip.sh's bookkeeping: run records as JSON lines, and the comparison table.

usage:
  report.py record JSONL BENCH_ID SERVER VARIANT TRANSPORT RATE RUN_DIR RC [NOTE]
      reads the `anchor key=value ...` summary line from RUN_DIR/run-anchor.out (if any) and
      appends one {"kind": "run", ...} line to JSONL; prints the summary line (or the note).
  report.py table JSONL BENCH_ID
      prints the Kamailio/gateway table with ratios and the targets for this bench id, and
      appends {"kind": "pair"} and {"kind": "target"} lines to JSONL.
Standard library only.
"""
import json
import os
import sys
import time

from records import fnum, num

# Targets (DESIGN brief for the gateway with in-process scoring); printed, never asserted.
TARGET = {"variant": "608", "transport": "udp", "rate": 5000, "p99_ms": 5.0, "ratio_us": 2.0,
          "achieved_frac": 0.95}


REPORTED = set()  # bench ids whose pair/target records are already in the JSONL


def append(path, rec):
    if rec["kind"] in ("pair", "target") and rec["bench_id"] in REPORTED:
        return  # `table` run again on the same bench: print only
    with open(path, "a") as fh:
        fh.write(json.dumps(rec, sort_keys=False) + "\n")


def record(jsonl, bench_id, server, variant, transport, rate, run_dir, rc, note=""):
    line = ""
    try:
        with open(os.path.join(run_dir, "run-anchor.out")) as fh:
            line = next((l.strip() for l in fh if l.startswith("anchor ")), "")
    except OSError:
        pass
    rec = {"kind": "run", "bench_id": bench_id, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "role": server, "variant": variant, "transport": transport, "rate": int(rate),
           "run_dir": run_dir, "run_anchor_rc": int(rc)}
    for kv in line.split()[1:]:
        if "=" in kv:
            k, v = kv.split("=", 1)
            rec.setdefault(k, num(v))
    rec["rate"] = int(rate)
    if not line:
        rec["verdict"] = "ERROR"
    if note:
        rec["note"] = note
    rec["summary"] = line
    append(jsonl, rec)
    print(line or "%s %s/%s rate=%s: no summary (%s)" % (server, transport, variant, rate, note or "run-anchor rc=%s" % rc))


def fmt(v, spec):
    return "na" if v is None else spec % v


def table(jsonl, bench_id):
    recs = []
    with open(jsonl) as fh:
        for l in fh:
            if l.strip():
                r = json.loads(l)
                if r.get("bench_id") == bench_id:
                    recs.append(r)
    meta = next((r for r in recs if r["kind"] == "meta"), {})
    if any(r["kind"] in ("pair", "target") for r in recs):
        REPORTED.add(bench_id)
    runs = [r for r in recs if r["kind"] == "run"]
    keys = []
    for r in runs:
        k = (r["variant"], r["transport"], r["rate"])
        if k not in keys:
            keys.append(k)
    by = {(r["variant"], r["transport"], r["rate"], r["role"]): r for r in runs}
    cols = ["variant", "transport", "rate", "server", "achieved_cps", "failed", "unplaced", "retrans",
            "p50_ms", "p99_ms", "us_per_call", "ratio_us_per_call", "ratio_p99", "others_cpu_pct", "verdict"]
    rows, pairs, notes = [], [], []
    for v, t, rate in keys:
        kam, gw = by.get((v, t, rate, "kamailio")), by.get((v, t, rate, "gateway"))
        ratio_us = ratio_p99 = None
        if kam and gw:
            ku, gu = fnum(kam, "server_us_per_call"), fnum(gw, "server_us_per_call")
            kp, gp = fnum(kam, "p99_ms"), fnum(gw, "p99_ms")
            ratio_us = gu / ku if ku and gu is not None else None
            ratio_p99 = gp / kp if kp and gp is not None else None
            pairs.append({"kind": "pair", "bench_id": bench_id, "variant": v, "transport": t, "rate": rate,
                          "kamailio_us_per_call": ku, "gateway_us_per_call": gu, "ratio_us_per_call": ratio_us,
                          "kamailio_p99_ms": kp, "gateway_p99_ms": gp, "ratio_p99": ratio_p99,
                          "kamailio_failed": fnum(kam, "failed"), "gateway_failed": fnum(gw, "failed")})
        for role, r in (("kamailio", kam), ("gateway", gw)):
            if r is None:
                continue
            name = role if role == "gateway" else "kamailio"
            row = [v, t, str(rate), name, fmt(fnum(r, "achieved_cps"), "%.1f"), fmt(fnum(r, "failed"), "%d"),
                   fmt(fnum(r, "unplaced"), "%d"), fmt(fnum(r, "retrans"), "%d"), fmt(fnum(r, "p50_ms"), "%.3f"),
                   fmt(fnum(r, "p99_ms"), "%.3f"), fmt(fnum(r, "server_us_per_call"), "%.1f"),
                   fmt(ratio_us, "%.2f") if role == "gateway" else "",
                   fmt(ratio_p99, "%.2f") if role == "gateway" else "",
                   fmt(fnum(r, "others_cpu_pct"), "%d"), str(r.get("verdict", "?"))]
            if r.get("note"):
                if r["note"] not in notes:
                    notes.append(r["note"])
                row[-1] += " [%d]" % (notes.index(r["note"]) + 1)
            rows.append(row)
    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c) for i, c in enumerate(cols)]
    print()
    print("  ".join(c.rjust(w) if i not in (0, 1, 3, 14) else c.ljust(w) for i, (c, w) in enumerate(zip(cols, widths))).rstrip())
    for row in rows:
        print("  ".join(x.rjust(w) if i not in (0, 1, 3, 14) else x.ljust(w) for i, (x, w) in enumerate(zip(row, widths))).rstrip())
    for i, n in enumerate(notes):
        print("[%d] %s" % (i + 1, n))
    print()
    print("p50/p99: server response time from the loopback capture (INVITE -> final response, us-precise);")
    print("us_per_call: server CPU (all its threads) / successful calls; ratio_* = gateway / kamailio.")
    print("others_cpu_pct: CPU used meanwhile by other long-lived processes (not SIPp/tcpdump); well above 0,")
    print("  something else was running and the run is noisy: repeat it on a quiet machine.")
    for p in pairs:
        append(jsonl, p)
    targets(jsonl, bench_id, by, meta)
    if meta.get("command"):
        print()
        print("command: " + meta["command"])


def targets(jsonl, bench_id, by, meta):
    v, t, rate = TARGET["variant"], TARGET["transport"], TARGET["rate"]
    print()
    print("targets (gateway, in-process scoring, variant %s, %s, %d calls/s):" % (v, t, rate))
    gw, kam = by.get((v, t, rate, "gateway")), by.get((v, t, rate, "kamailio"))
    if gw is None or gw.get("verdict") == "ERROR":
        why = meta.get("gateway_status") or "not part of this run"
        print("  not measured: %s" % (gw.get("note") if gw and gw.get("note") else why))
        append(jsonl, {"kind": "target", "bench_id": bench_id, "measured": False, "why": why})
        return
    ach, failed, unplaced = fnum(gw, "achieved_cps"), fnum(gw, "failed"), fnum(gw, "unplaced")
    p99 = fnum(gw, "p99_ms")
    gu, ku = fnum(gw, "server_us_per_call"), fnum(kam, "server_us_per_call") if kam else None
    ratio = gu / ku if gu is not None and ku else None

    def say(ok):
        return "n/a" if ok is None else ("meets" if ok else "MISSES")
    checks = [
        ("achieved_cps", fmt(ach, "%.1f"), ">= %.0f (95 %% of %d)" % (TARGET["achieved_frac"] * rate, rate),
         None if ach is None else ach >= TARGET["achieved_frac"] * rate),
        ("failed+unplaced", fmt((failed or 0) + (unplaced or 0), "%d"), "0",
         None if failed is None else (failed or 0) + (unplaced or 0) == 0),
        ("p99_ms", fmt(p99, "%.3f"), "< %.0f" % TARGET["p99_ms"], None if p99 is None else p99 < TARGET["p99_ms"]),
        ("us_per_call", "%s (kamailio %s, ratio %s)" % (fmt(gu, "%.1f"), fmt(ku, "%.1f"), fmt(ratio, "%.2f")),
         "ratio <= %.0f" % TARGET["ratio_us"], None if ratio is None else ratio <= TARGET["ratio_us"]),
    ]
    for name, got, want, ok in checks:
        print("  %-16s %-40s target %-24s %s" % (name, got, want, say(ok)))
        append(jsonl, {"kind": "target", "bench_id": bench_id, "measured": True, "metric": name, "value": got,
                       "target": want, "meets": ok})


def main():
    if len(sys.argv) >= 10 and sys.argv[1] == "record":
        record(*sys.argv[2:12])
    elif len(sys.argv) == 4 and sys.argv[1] == "table":
        table(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
