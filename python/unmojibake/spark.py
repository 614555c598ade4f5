"""Spark: ``unmojibake.spark.fix_column(df, "col")``.

Built on ``DataFrame.mapInArrow``: each executor receives the partition as
Arrow record batches and repairs the column with the Arrow kernel (the same
one as :func:`unmojibake.fix_texts`), so rows never go through Python one by
one. The package must be installed where the executors' Python runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from . import _config

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame


def fix_column(
    df: DataFrame,
    column: str,
    *,
    config: _config.TextFixerConfig | None = None,
    threads: int | None = 1,
    **kwargs: Any,
) -> DataFrame:
    """Return ``df`` with the string column ``column`` repaired by
    :func:`unmojibake.fix_text`; nulls stay null, other columns are unchanged.

    ``threads`` is per Spark task (default 1: Spark already runs one task per
    core). Keyword arguments are ``TextFixerConfig`` fields; a bad value
    raises ``ValueError`` here, on the driver.
    """
    from pyspark.sql.types import StringType

    resolved = _config.resolve(config, kwargs)
    _config.fixer_for(resolved)  # validate on the driver
    fields = df.schema.fieldNames()
    if column not in fields:
        raise ValueError(f"no column {column!r} in the DataFrame (columns: {fields})")
    index = fields.index(column)
    if not isinstance(df.schema[index].dataType, StringType):
        raise TypeError(f"column {column!r} is {df.schema[index].dataType}, not a string column")
    values = tuple(resolved)

    def fix_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        import unmojibake

        config = unmojibake.TextFixerConfig(*values)
        for batch in batches:
            arrays = list(batch.columns)
            arrays[index] = unmojibake.fix_texts(arrays[index], config=config, threads=threads)
            yield pa.RecordBatch.from_arrays(arrays, schema=batch.schema)

    return df.mapInArrow(fix_batches, df.schema)
