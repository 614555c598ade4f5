"""Benchmark: unmojibake against ftfy 6.3.1 and plsfix 0.1.8, in one process.

    pip install ftfy==6.3.1 plsfix==0.1.8 polars pyarrow
    python python/bench.py [--rows 1000000] [--threads 2]

Not run in CI. Prints times and ratios for:

1. one call per short string, 50,000 lines of web-like text: unmojibake's
   ``fix_text`` against plsfix's and ftfy's;
2. a 1,000,000-row column (clean, mojibake and mixed rows): ``fix_texts``
   with 2 threads against ftfy and plsfix called once per string (ftfy is
   timed on a 100,000-row slice and scaled, as it takes minutes otherwise);
3. the Polars expression and the Arrow path against ``fix_texts`` on a list.

The rows are generated from a fixed seed (``bench_rows.py``, which
``scripts/row-costs`` also reads): clean sentences in several
languages, the same sentences as UTF-8 read as Windows-1252 (once or twice),
and lines mixing clean text with mojibake, with some HTML entities, curly
quotes and line breaks.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Callable

import ftfy
import plsfix
import polars as pl
import pyarrow as pa
from bench_rows import make_rows

import unmojibake
import unmojibake.polars

def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ftfy-rows", type=int, default=100_000)
    args = parser.parse_args()

    print(f"ftfy {ftfy.__version__}, plsfix 0.1.8, unmojibake {unmojibake.__version__}, "
          f"polars {pl.__version__}, pyarrow {pa.__version__}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} (times are wall-clock, best of 3)")

    # 1. One call per short string.
    lines = make_rows(50_000, seed=1)
    um = timed(lambda: [unmojibake.fix_text(s) for s in lines])
    off = unmojibake.TextFixerConfig(
        fix_mixed_lines=False,
        fix_isolated_words=False,
        fix_single_byte_mixups=False,
        fix_cjk_mojibake=False,
        fix_legacy_bytes=False,
        fix_lone_sequences=False,
    )
    um_off = timed(lambda: [unmojibake.fix_text(s, off) for s in lines])
    pf = timed(lambda: [plsfix.fix_text(s) for s in lines])
    ff = timed(lambda: [ftfy.fix_text(s) for s in lines], repeat=1)
    n = len(lines)
    print("\n1. fix_text per call, 50,000 short lines")
    print(f"   unmojibake {um / n * 1e9:8.0f} ns/call   "
          f"(beyond_ftfy=False: {um_off / n * 1e9:.0f} ns/call, {pf / um_off:.1f}x plsfix)")
    print(f"   plsfix     {pf / n * 1e9:8.0f} ns/call   unmojibake is {pf / um:5.1f}x plsfix")
    print(f"   ftfy       {ff / n * 1e9:8.0f} ns/call   unmojibake is {ff / um:5.1f}x ftfy")
    same = sum(unmojibake.fix_text(s, beyond_ftfy=False) == ftfy.fix_text(s) for s in lines[:5000])
    print(f"   (agreement with ftfy, beyond_ftfy=False, first 5,000 lines: {same}/5000)")

    # 2. A big column.
    rows = make_rows(args.rows)
    t = args.threads
    ft = timed(lambda: unmojibake.fix_texts(rows, threads=t))
    ft_off = timed(lambda: unmojibake.fix_texts(rows, threads=t, config=off))
    pfc = timed(lambda: [plsfix.fix_text(s) for s in rows], repeat=1)
    k = min(args.ftfy_rows, len(rows))
    ffc = timed(lambda: [ftfy.fix_text(s) for s in rows[:k]], repeat=1) * len(rows) / k
    print(f"\n2. {len(rows):,} rows")
    print(f"   fix_texts(list, threads={t})  {ft:7.2f} s")
    print(f"   plsfix per string              {pfc:7.2f} s   fix_texts is {pfc / ft:6.1f}x plsfix")
    print(f"   ftfy per string (scaled from {k:,}) {ffc:7.2f} s   fix_texts is {ffc / ft:6.1f}x ftfy")
    print(f"   fix_texts(list, threads={t}, beyond_ftfy=False) {ft_off:7.2f} s   "
          f"{pfc / ft_off:6.1f}x plsfix, {ffc / ft_off:6.1f}x ftfy")

    # 3. Polars and Arrow against fix_texts.
    array = pa.array(rows, type=pa.large_string())
    views = array.cast(pa.string_view())
    df = pl.DataFrame({"text": rows})
    ar = timed(lambda: unmojibake.fix_texts(array, threads=t))
    av = timed(lambda: unmojibake.fix_texts(views, threads=t))
    po = timed(lambda: df.with_columns(unmojibake.polars.fix_text("text", threads=t)))
    lz = timed(lambda: df.lazy().with_columns(unmojibake.polars.fix_text("text", threads=t)).collect())
    print(f"\n3. the same {len(rows):,} rows, threads={t}")
    print(f"   fix_texts(list)                 {ft:7.2f} s")
    print(f"   fix_texts(pa large_string)      {ar:7.2f} s   {ar / ft:5.2f}x the list's time")
    print(f"   fix_texts(pa string_view)       {av:7.2f} s   {av / ft:5.2f}x")
    print(f"   Polars with_columns (eager)     {po:7.2f} s   {po / ft:5.2f}x")
    print(f"   Polars with_columns (lazy)      {lz:7.2f} s   {lz / ft:5.2f}x")


if __name__ == "__main__":
    main()
