"""Shared test data: web-like rows, clean, mojibake and mixed."""

from __future__ import annotations

import random

import pytest

ROWS = [
    "Hereâ€™s to CafÃ© culture",
    "plain ASCII, nothing to do",
    "ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€",
    "Ã¢â‚¬Å“double mojibakeÃ¢â‚¬Â",
    "clean: naïve café, 日本語, Привет",
    "&lt;b&gt; and &amp;amp; entities",
    "ﬁne ligatures and ｆｕｌｌｗｉｄｔｈ",
    "line one\r\nline two\r\n",
    "浣犲ソ",
    "\x1b[36mcoloured\x1b[0m",
    "",
    "l’humanitÃ©",
]


def make_rows(n: int, seed: int = 7, nulls: bool = True) -> list[str | None]:
    rng = random.Random(seed)
    out: list[str | None] = []
    for i in range(n):
        if nulls and i % 17 == 5:
            out.append(None)
        else:
            out.append(rng.choice(ROWS) + ("" if i % 3 else f" #{i}"))
    return out


@pytest.fixture
def rows() -> list[str | None]:
    return make_rows(5000)
