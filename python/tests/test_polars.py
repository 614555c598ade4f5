"""The Polars expression, on eager and lazy frames."""

from __future__ import annotations

import polars as pl
import pytest

import unmojibake
import unmojibake.polars
from conftest import make_rows


def test_eager_and_lazy(rows: list[str | None]) -> None:
    df = pl.DataFrame({"text": rows, "n": list(range(len(rows)))})
    want = [None if r is None else unmojibake.fix_text(r) for r in rows]
    eager = df.with_columns(unmojibake.polars.fix_text("text"))
    assert eager["text"].to_list() == want
    assert eager["n"].to_list() == list(range(len(rows)))
    assert eager.schema["text"] == pl.String
    lazy = df.lazy().with_columns(unmojibake.polars.fix_text("text")).collect()
    assert lazy["text"].to_list() == want


def test_config_and_alias() -> None:
    df = pl.DataFrame({"t": ["Hereâ€™s", None]})
    out = df.select(unmojibake.polars.fix_text(pl.col("t"), uncurl_quotes=False).alias("fixed"))
    assert out["fixed"].to_list() == ["Here’s", None]
    with pytest.raises(ValueError, match="normalization"):
        unmojibake.polars.fix_text("t", normalization="NFX")


def test_series_through_fix_texts() -> None:
    s = pl.Series("t", make_rows(1000))
    out = unmojibake.fix_texts(s)
    assert isinstance(out, pl.Series)
    assert out.name == "t"
    assert out.to_list() == [None if r is None else unmojibake.fix_text(r) for r in s.to_list()]
