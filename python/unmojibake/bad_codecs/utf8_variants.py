"""``utf-8-variants``: UTF-8 plus CESU-8 surrogate pairs and Java's ``C0 80``.

Standard UTF-8 is decoded by Python's own codec, so error handlers
(``errors="replace"`` ...) behave as usual; the two extra forms are decoded
here. The incremental decoder holds back a sequence cut at a chunk boundary.
"""

from __future__ import annotations

import codecs
import re

NAME = "utf-8-variants"

# A CESU-8 surrogate pair, or the Java null.
_SPECIAL = re.compile(rb"\xed([\xa0-\xaf])([\x80-\xbf])\xed([\xb0-\xbf])([\x80-\xbf])|\xc0\x80")
# What may be the start of one of them, cut off at the end of a chunk.
_PARTIAL = re.compile(rb"(?:\xed(?:[\xa0-\xaf](?:[\x80-\xbf](?:\xed(?:[\xb0-\xbf])?)?)?)?|\xc0)\Z")


def _decode_special(m: re.Match[bytes]) -> str:
    if m.group(1) is None:
        return "\x00"
    b1, b2, b4, b5 = (m.group(i)[0] for i in range(1, 5))
    return chr(0x10000 + ((b1 & 0x0F) << 16) + ((b2 & 0x3F) << 10) + ((b4 & 0x0F) << 6) + (b5 & 0x3F))


def _buffer_decode(data: bytes, errors: str, final: bool) -> tuple[str, int]:
    data = bytes(data)
    out = []
    pos = 0
    for m in _SPECIAL.finditer(data):
        out.append(codecs.utf_8_decode(data[pos : m.start()], errors, True)[0])
        out.append(_decode_special(m))
        pos = m.end()
    rest = data[pos:]
    held = 0
    if not final:
        partial = _PARTIAL.search(rest)
        if partial is not None:
            held = len(partial.group(0))
    text, consumed = codecs.utf_8_decode(rest[: len(rest) - held], errors, final)
    out.append(text)
    return "".join(out), pos + consumed


def decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return _buffer_decode(data, errors, True)


def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return codecs.utf_8_encode(text, errors)


class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    """Decodes utf-8-variants in pieces, whatever the cut points."""

    def _buffer_decode(self, input: bytes, errors: str, final: bool) -> tuple[str, int]:  # type: ignore[override]
        return _buffer_decode(input, errors, final)


class IncrementalEncoder(codecs.IncrementalEncoder):
    def encode(self, input: str, final: bool = False) -> bytes:
        return codecs.utf_8_encode(input, self.errors)[0]


class StreamWriter(codecs.StreamWriter):
    @staticmethod
    def encode(input: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.utf_8_encode(input, errors)


class StreamReader(codecs.StreamReader):
    @staticmethod
    def decode(input: bytes, errors: str = "strict") -> tuple[str, int]:
        return _buffer_decode(input, errors, True)


CODEC_INFO = codecs.CodecInfo(
    name=NAME,
    encode=encode,
    decode=decode,
    incrementalencoder=IncrementalEncoder,
    incrementaldecoder=IncrementalDecoder,
    streamreader=StreamReader,
    streamwriter=StreamWriter,
)
