"""The rows of ``python/bench.py``, shared with ``scripts/row-costs``.

Clean sentences in several languages, the same sentences as UTF-8 read as
Windows-1252 (once or twice), and lines mixing a clean sentence with a
garbled one, with some HTML entities, curly quotes and line breaks; every
choice drawn from a seeded ``random.Random``. Needs ftfy 6.3.1 for its
``sloppy-windows-1252`` codec.
"""

from __future__ import annotations

import random

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

# The share of each kind of row in ``make_rows``.
CLEAN_SHARE = 0.60
GARBLED_SHARE = 0.25
TWICE_SHARE_OF_GARBLED = 0.1
MIXED_SHARE = 1 - CLEAN_SHARE - GARBLED_SHARE


CLEAN = [
    "The quick brown fox jumps over the lazy dog.",
    "Download the latest version here and sign in to your account.",
    "Price: 25 EUR, free delivery for orders over 50 EUR.",
    "Café au lait, crème brûlée and a croissant, s'il vous plaît.",
    "Müller & Söhne GmbH — Straße 12, München",
    "Привет, как дела? Всё хорошо, спасибо.",
    "Ελληνικά: καλημέρα κόσμε",
    "日本語のテキストです。東京は晴れ。",
    "¿Dónde está la biblioteca? Aquí, señor.",
    "Zażółć gęślą jaźń — Łódź, Kraków",
    "“Smart quotes” and ‘single ones’ — with an ellipsis…",
    "Ⅻ ﬁnal ｆｕｌｌｗｉｄｔｈ text",
    "Tom &amp; Jerry &lt;3 — 5 &gt; 3",
    "user@example.com wrote: thanks!!",
    "42 results found in 0.3 seconds",
]


def mojibake(text: str, layers: int = 1) -> str:
    for _ in range(layers):
        text = text.encode("utf-8").decode("sloppy-windows-1252")
    return text


def make_rows(n: int, seed: int = 2024) -> list[str]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        base = rng.choice(CLEAN)
        roll = rng.random()
        if roll < CLEAN_SHARE:
            row = base
        elif roll < CLEAN_SHARE + GARBLED_SHARE:
            row = mojibake(base, 2 if rng.random() < TWICE_SHARE_OF_GARBLED else 1)
        else:
            other = rng.choice(CLEAN)
            row = base + " | " + mojibake(other)
        if rng.random() < 0.05:
            row += "\r\n"
        rows.append(row)
    return rows
