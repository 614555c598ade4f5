"""Polars: ``df.with_columns(unmojibake.polars.fix_text("col"))``.

The expression hands each batch of the column to the Arrow kernel (the same
one as :func:`unmojibake.fix_texts`), through ``Expr.map_batches``: the
column goes to Arrow, is repaired on a thread pool with the GIL released,
and comes back as a Polars ``String`` column with nulls kept. It works on
eager and lazy frames, and is marked elementwise, so the streaming engine
may run it batch by batch.

Why ``map_batches`` and not a pyo3-polars expression plugin: a plugin would
run in Polars' own thread pool without Python in between, but it links the
Polars crates: a minimal plugin took 24 minutes to build on this project's
2-core CI machine, against about 2 for this package (see the README). The
cost of the route through Python is measured by ``python/bench.py``.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from . import _config
from ._batch import fix_texts as _fix_texts


def fix_text(
    column: str | pl.Expr,
    *,
    config: _config.TextFixerConfig | None = None,
    threads: int | None = None,
    **kwargs: Any,
) -> pl.Expr:
    """An expression that repairs the string column ``column`` (a name or an
    expression) with :func:`unmojibake.fix_text`. Keyword arguments are
    ``TextFixerConfig`` fields, as for ``unmojibake.fix_text``; a bad value
    raises ``ValueError`` here, not when the query runs.

    >>> df = pl.DataFrame({"t": ["CafÃ©", None]})
    >>> df.with_columns(fix_text("t"))["t"].to_list()
    ['Café', None]
    """
    resolved = _config.resolve(config, kwargs)
    _config.fixer_for(resolved)  # validate now
    expr = pl.col(column) if isinstance(column, str) else column

    def run(series: pl.Series) -> pl.Series:
        return _fix_texts(series, config=resolved, threads=threads)

    return expr.map_batches(run, return_dtype=pl.String, is_elementwise=True)
