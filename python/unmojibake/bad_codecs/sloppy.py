"""The sloppy Windows codecs, backed by the Rust codec tables."""

from __future__ import annotations

import codecs
import functools
from typing import Any

from .. import _native

_PAGES = ("1250", "1251", "1252", "1253", "1254", "1257")


def _native_name(norm: str) -> str | None:
    # norm is e.g. "sloppy_windows_1252" or "sloppy_cp1252"
    for page in _PAGES:
        if norm in (f"sloppy_windows_{page}", f"sloppy_cp{page}"):
            return f"sloppy-windows-{page}"
    return None


def _encode(name: str, text: str, errors: str = "strict") -> tuple[bytes, int]:
    try:
        return _native.encode(text, name), len(text)
    except (ValueError, UnicodeEncodeError):
        pass
    out = bytearray()
    handler = codecs.lookup_error(errors)
    pos = 0
    while pos < len(text):
        char = text[pos]
        try:
            out += _native.encode(char, name)
            pos += 1
        except (ValueError, UnicodeEncodeError):
            exc = UnicodeEncodeError(name, text, pos, pos + 1, "character maps to <undefined>")
            replacement, pos = handler(exc)
            out += replacement.encode("latin-1") if isinstance(replacement, str) else replacement
    return bytes(out), len(text)


def _decode(name: str, data: Any, errors: str = "strict") -> tuple[str, int]:
    data = bytes(data)
    # Every byte is defined in a sloppy codec, so decoding never fails.
    return _native.decode(data, name), len(data)


@functools.lru_cache(maxsize=None)
def codec_info(norm: str) -> codecs.CodecInfo | None:
    name = _native_name(norm)
    if name is None:
        return None
    encode = functools.partial(_encode, name)
    decode = functools.partial(_decode, name)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def encode(self, text: str, final: bool = False) -> bytes:
            return encode(text, self.errors)[0]

    class IncrementalDecoder(codecs.IncrementalDecoder):
        def decode(self, data: bytes, final: bool = False) -> str:
            return decode(data, self.errors)[0]

    class StreamWriter(codecs.StreamWriter):
        def encode(self, text: str, errors: str = "strict") -> tuple[bytes, int]:
            return encode(text, errors)

    class StreamReader(codecs.StreamReader):
        def decode(self, data: bytes, errors: str = "strict") -> tuple[str, int]:
            return decode(data, errors)

    return codecs.CodecInfo(
        name=name,
        encode=encode,
        decode=decode,
        incrementalencoder=IncrementalEncoder,
        incrementaldecoder=IncrementalDecoder,
        streamwriter=StreamWriter,
        streamreader=StreamReader,
    )
