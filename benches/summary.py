#!/usr/bin/env python3
"""Prints the results of `cargo bench --bench fix` as a Markdown table:
throughput (median of criterion's samples, decimal units) of fix_text, of fix_text
with the repairs beyond ftfy off (fix_text_ftfy), and of
the from_utf8 floor, per corpus and size.

    python3 benches/summary.py [CRITERION_DIR]   # default: target/criterion
"""
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
rows = {}
for group in sorted(os.listdir(root)):
    for func in ("fix_text", "fix_text_ftfy", "from_utf8"):
        base = os.path.join(root, group, func)
        if not os.path.isdir(base):
            continue
        for size in os.listdir(base):
            new = os.path.join(base, size, "new")
            try:
                with open(os.path.join(new, "estimates.json")) as f:
                    ns = json.load(f)["median"]["point_estimate"]
                with open(os.path.join(new, "benchmark.json")) as f:
                    nbytes = json.load(f)["throughput"]["Bytes"]
            except (OSError, KeyError, TypeError):
                continue
            rows.setdefault((group, size), {})[func] = nbytes / ns  # GB/s


def fmt(gbps):
    return f"{gbps:.2f} GB/s" if gbps >= 1 else f"{gbps * 1000:.0f} MB/s"


order = {"line": 0}
print("| corpus | size | fix_text | fix_text, ftfy only | from_utf8 | fix_text / from_utf8 |")
print("|---|---|---|---|---|---|")
for (group, size), r in sorted(rows.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 1), len(kv[0][1]), kv[0][1])):
    fix, ftfy, floor = r.get("fix_text"), r.get("fix_text_ftfy"), r.get("from_utf8")
    ratio = f"{fix / floor:.2f}" if fix and floor else ""
    print(f"| {group} | {size} | {fmt(fix) if fix else ''} | {fmt(ftfy) if ftfy else ''} | {fmt(floor) if floor else ''} | {ratio} |")
