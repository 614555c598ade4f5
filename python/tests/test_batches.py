"""fix_texts on lists, iterables and Arrow arrays."""

from __future__ import annotations

import threading
import time

import pyarrow as pa
import pytest

import unmojibake
from conftest import make_rows


def expected(rows: list[str | None], **kwargs: object) -> list[str | None]:
    return [None if r is None else unmojibake.fix_text(r, **kwargs) for r in rows]


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_lists_match_fix_text(rows: list[str | None], threads: int | None) -> None:
    assert unmojibake.fix_texts(rows, threads=threads) == expected(rows)


def test_list_keeps_clean_objects_and_input(rows: list[str | None]) -> None:
    before = list(rows)
    out = unmojibake.fix_texts(rows)
    assert rows == before  # the input list is not modified
    for old, new in zip(rows, out):
        if old is not None and new == old:
            assert new is old


def test_iterables_and_config() -> None:
    gen = (s for s in ["CafÃ©", "Hereâ€™s"])
    assert unmojibake.fix_texts(gen, uncurl_quotes=False) == ["Café", "Here’s"]
    config = unmojibake.TextFixerConfig(fix_cjk_mojibake=False)
    assert unmojibake.fix_texts(("浣犲ソ涓栫晫",), config=config) == ["浣犲ソ涓栫晫"]
    assert unmojibake.fix_texts([]) == []


def test_bad_batch_input() -> None:
    with pytest.raises(TypeError, match="fix_bytes"):
        unmojibake.fix_texts(["ok", b"bytes"])
    with pytest.raises(TypeError, match="fix_text"):
        unmojibake.fix_texts("a single string")
    with pytest.raises(ValueError, match="threads"):
        unmojibake.fix_texts(["x"], threads=0)
    with pytest.raises(ValueError, match="normalization"):
        unmojibake.fix_texts(["x"], normalization="bad")
    with pytest.raises(TypeError, match="Utf8"):
        unmojibake.fix_texts(pa.array([1, 2]))


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
@pytest.mark.parametrize("threads", [1, 2])
def test_arrow_arrays_match_fix_text(rows: list[str | None], kind: pa.DataType, threads: int) -> None:
    array = pa.array(rows, type=kind)
    out = unmojibake.fix_texts(array, threads=threads)
    assert isinstance(out, pa.Array)
    assert out.type == kind
    assert out.null_count == array.null_count
    assert out.to_pylist() == expected(rows)


def test_sliced_and_chunked_arrays(rows: list[str | None]) -> None:
    array = pa.array(rows)
    sliced = array.slice(100, 777)
    assert unmojibake.fix_texts(sliced).to_pylist() == expected(rows[100:877])
    chunked = pa.chunked_array([array.slice(0, 2000), array.slice(2000)], type=pa.string())
    out = unmojibake.fix_texts(chunked)
    assert isinstance(out, pa.ChunkedArray)
    assert out.num_chunks == 2
    assert out.to_pylist() == expected(rows)


def test_clean_arrow_array_is_not_copied() -> None:
    array = pa.array(["clean", None, "also clean"])
    out = unmojibake.fix_texts(array)
    assert out.buffers()[2].address == array.buffers()[2].address


def test_string_view_reuses_clean_buffers() -> None:
    array = pa.array(["a clean value longer than twelve bytes", "CafÃ© au lait, and more"], type=pa.string_view())
    out = unmojibake.fix_texts(array)
    assert out.to_pylist() == ["a clean value longer than twelve bytes", "Café au lait, and more"]
    # buffers(): validity, views, data buffers...; the input's data buffer is reused.
    assert out.buffers()[2].address == array.buffers()[2].address


class CapsuleOnly:
    """An Arrow producer that is not pyarrow: only the PyCapsule interface."""

    def __init__(self, array: pa.Array) -> None:
        self.array = array

    def __arrow_c_array__(self, requested_schema: object = None) -> object:
        return self.array.__arrow_c_array__(requested_schema)


def test_any_arrow_c_array_exporter() -> None:
    out = unmojibake.fix_texts(CapsuleOnly(pa.array(["CafÃ©", None])))
    assert out.to_pylist() == ["Café", None]


def test_gil_is_released() -> None:
    # While a big batch runs, another Python thread keeps running.
    rows = make_rows(200_000, nulls=False)
    ticks = 0
    done = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    t = threading.Thread(target=tick)
    t.start()
    start = ticks
    unmojibake.fix_texts(pa.array(rows), threads=1)
    during = ticks - start
    done.set()
    t.join()
    assert during > 100
