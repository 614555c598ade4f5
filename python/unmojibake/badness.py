"""ftfy's mojibake detector: ``is_bad`` and ``badness``."""

from __future__ import annotations

from ._native import badness as _badness
from ._native import is_bad as _is_bad


def is_bad(text: str) -> bool:
    """Whether ``text`` shows any sign of mojibake.

    >>> is_bad("CafÃ©"), is_bad("Café")
    (True, False)
    """
    return _is_bad(text)


def badness(text: str) -> int:
    """How many signs of mojibake ``text`` shows.

    >>> badness("CafÃ© Ã©")
    2
    """
    return _badness(text)
