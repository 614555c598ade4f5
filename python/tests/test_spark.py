"""Spark: fix_column on a local[2] session, every row checked against fix_text."""

from __future__ import annotations

import os
import sys

import pytest

import unmojibake
import unmojibake.spark
from conftest import make_rows


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("unmojibake-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_fix_column_every_row(spark) -> None:  # type: ignore[no-untyped-def]
    rows = make_rows(4000)
    df = spark.createDataFrame([(i, t) for i, t in enumerate(rows)], "id long, text string").repartition(4)
    fixed = unmojibake.spark.fix_column(df, "text")
    assert fixed.schema == df.schema
    got = {r["id"]: r["text"] for r in fixed.collect()}
    assert len(got) == len(rows)
    for i, original in enumerate(rows):
        want = None if original is None else unmojibake.fix_text(original)
        assert got[i] == want, (i, original)
    assert sum(v is None for v in got.values()) == sum(r is None for r in rows)


def test_fix_column_config_and_errors(spark) -> None:  # type: ignore[no-untyped-def]
    df = spark.createDataFrame([("Hereâ€™s",)], "t string")
    assert unmojibake.spark.fix_column(df, "t", uncurl_quotes=False).collect()[0]["t"] == "Here’s"
    with pytest.raises(ValueError, match="normalization"):
        unmojibake.spark.fix_column(df, "t", normalization="NFX")
    with pytest.raises(ValueError, match="nope"):
        unmojibake.spark.fix_column(df, "nope")
