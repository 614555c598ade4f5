"""ftfy's ``chardata`` helpers that code uses directly."""

from __future__ import annotations

from . import _native


def possible_encoding(text: str, encoding: str) -> bool:
    """Whether ``text`` could be the result of decoding bytes with the
    single-byte ``encoding`` (ASCII other than U+001A always is).

    >>> possible_encoding("Ã©", "latin-1"), possible_encoding("日本", "latin-1")
    (True, False)
    """
    return _native.possible_encoding(text, encoding)
