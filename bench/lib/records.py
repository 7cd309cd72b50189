"""Value helpers shared by report.py and full_report.py (run-anchor's key=value records)."""
import math


def num(v):
    """A record value as int or float when it is one, else unchanged."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return int(f) if f.is_integer() and "." not in str(v) else f


def fnum(rec, key):
    """rec[key] as a finite float, or None (no record, missing, 'na', nan)."""
    if rec is None:
        return None
    try:
        f = float(rec.get(key))
        return f if math.isfinite(f) else None
    except (TypeError, ValueError):
        return None
