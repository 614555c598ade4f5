"""ftfy's codecs, registered with Python's ``codecs`` on import.

``sloppy-windows-1250``, ``-1251``, ``-1252``, ``-1253``, ``-1254`` and
``-1257`` (and ``sloppy-cp125x``): the Windows code pages with their
undefined bytes decoded as Latin-1 (C1 controls) and byte 1A as U+FFFD, as
browsers do; ``utf-8-variants`` (alias ``cesu-8``, ``java-utf-8``, ...):
UTF-8 that also accepts CESU-8 surrogate pairs and Java's ``C0 80`` null.

>>> b"\\x80\\x81\\x82".decode("sloppy-windows-1252")
'€\\x81‚'
"""

from __future__ import annotations

import codecs
from . import sloppy, utf8_variants

_UTF8_VARIANT_NAMES = {
    "utf_8_variants",
    "utf8_variants",
    "utf_8_variant",
    "utf8_variant",
    "utf_8_var",
    "utf8_var",
    "cesu_8",
    "cesu8",
    "java_utf_8",
    "java_utf8",
}


def search_function(encoding: str) -> codecs.CodecInfo | None:
    """Find the codec for one of these names, or None (for ``codecs.register``)."""
    norm = encoding.lower().replace("-", "_").replace(" ", "_")
    if norm in _UTF8_VARIANT_NAMES:
        return utf8_variants.CODEC_INFO
    if norm.startswith("sloppy_"):
        return sloppy.codec_info(norm)
    return None


def ok() -> None:
    """ftfy's no-op, kept so that code calling it runs."""


codecs.register(search_function)
