"""fix_texts: a whole column at once, on a thread pool, with the GIL released."""

from __future__ import annotations

from typing import Any, Iterable

from . import _config


class _ArrowCapsules:
    """Holds the two PyCapsules of an exported Arrow array, for pyarrow."""

    def __init__(self, schema: Any, array: Any) -> None:
        self._capsules = (schema, array)

    def __arrow_c_array__(self, requested_schema: Any = None) -> tuple[Any, Any]:
        return self._capsules


def _fix_arrow_array(fixer: Any, values: Any, threads: int | None) -> Any:
    import pyarrow as pa

    schema, array = values.__arrow_c_array__()
    out = _ArrowCapsules(*fixer.fix_arrow(schema, array, threads))
    return pa.array(out)


def fix_texts(
    values: Any,
    *,
    config: _config.TextFixerConfig | None = None,
    threads: int | None = None,
    **kwargs: Any,
) -> Any:
    """Repair every value of a column with :func:`fix_text`.

    ``values`` is a list or any iterable of ``str`` (``None`` allowed), a
    pyarrow ``Array`` (``string``, ``large_string`` or ``string_view``) or
    ``ChunkedArray``, a Polars ``Series``, or anything that exports the Arrow
    PyCapsule interface (``__arrow_c_array__`` / ``__arrow_c_stream__``).
    The result is the same kind of container (a list for other iterables;
    a pyarrow array for other Arrow exporters), with nulls kept. Unchanged
    values are not copied where the container allows: the same ``str``
    objects in a list, the same buffers in an Arrow array that needs no
    change or a ``string_view`` array.

    The work runs on ``threads`` threads (default: one per core) with the
    GIL released. Keyword arguments override ``config`` as for ``fix_text``.

    >>> fix_texts(["CafÃ©", None, "fine"])
    ['Café', None, 'fine']
    """
    if config is None and not kwargs:
        fixer = _config.DEFAULT_FIXER
        resolved = _config.DEFAULT_CONFIG
    else:
        resolved = _config.resolve(config, kwargs)
        fixer = _config.fixer_for(resolved)
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 1):
        raise ValueError(f"threads must be a positive integer or None, not {threads!r}")

    if isinstance(values, (str, bytes, bytearray)):
        raise TypeError(
            "fix_texts expects a column of str (a list, an iterable or an Arrow array), "
            f"not a single {type(values).__name__}; use fix_text for one string"
            + (", or fix_bytes / guess_bytes for bytes" if not isinstance(values, str) else "")
        )
    module = type(values).__module__ or ""
    if module.startswith("polars"):
        import polars as pl

        if isinstance(values, pl.Series):
            fixed = fix_texts(values.to_arrow(), config=resolved, threads=threads)
            return pl.Series(values.name, fixed, dtype=values.dtype)
    if module.startswith("pyarrow"):
        import pyarrow as pa

        if isinstance(values, pa.ChunkedArray):
            chunks = [_fix_arrow_array(fixer, c, threads) for c in values.chunks]
            return pa.chunked_array(chunks, type=values.type)
        if isinstance(values, pa.Array):
            return _fix_arrow_array(fixer, values, threads)
    if hasattr(values, "__arrow_c_array__"):
        return _fix_arrow_array(fixer, values, threads)
    if hasattr(values, "__arrow_c_stream__"):
        import pyarrow as pa

        return fix_texts(pa.chunked_array(values), config=resolved, threads=threads)

    items = values if isinstance(values, list) else list(values)
    out, surrogates = fixer.fix_list(items, threads)
    if surrogates:
        from . import fix_text

        for i in surrogates:
            out[i] = fix_text(items[i], resolved)
    return out
