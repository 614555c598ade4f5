#!/usr/bin/env python3
"""Regenerates web_lines.txt, short_lines.txt and mostly_clean.txt from the
two clean seed files and the phrases below (written for this project).

Needs ftfy 6.3.1 for its sloppy codecs (the same virtualenv as make_seeds.py):
    .venv-ftfy/bin/python benches/data/make_web_seeds.py
Deterministic: every random choice comes from random.Random(SEED), and the
input order is fixed. The files are committed, so benches and the race script
never run this. It prints, per file, the lines, how many of them ftfy
changes and how many it restores (fix_text of the line equals fix_text of
the line before garbling). With `--originals DIR` it also writes, to DIR,
each file's lines as they were before garbling (same names, same order), to
score a repair against.

- web_lines: lines that mix scripts (accented Latin, Cyrillic, Greek, CJK,
  Hangul, Arabic, emoji with ZWJ sequences and skin tones), clean text beside
  several mojibake spans of different codecs (UTF-8 read as windows-1252,
  windows-1251, windows-1253, MacRoman, windows-1252 twice, GBK, Shift_JIS)
  and HTML character references. 40% short (20-40 bytes), 60% long
  (200-600 bytes).
- short_lines: 20-40-byte lines, 85% with one or two mojibake spans, the
  rest clean.
- mostly_clean: clean multilingual paragraphs (one to four seed sentences a
  line) with one word in about a thousand garbled.
"""
import os
import random
import sys

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-125x)

SEED = 17
HERE = os.path.dirname(os.path.abspath(__file__))

# Phrases written for this project: English with typographic punctuation,
# currency and loanwords, the kind of text web pages garble most.
PHRASES = [
    "Here\u2019s the caf\u00e9\u2019s menu",
    "Caf\u00e9 costs 3 \u20ac and more",
    "It\u2019s a na\u00efve r\u00e9sum\u00e9",
    "\u201cSmart quotes\u201d \u2013 again\u2026",
    "Don\u2019t panic \u2014 it\u2019s fine",
    "Se\u00f1or Mu\u00f1oz paid 20 \u00a3",
    "The d\u00e9j\u00e0 vu of a fa\u00e7ade",
    "Price: 9,99 \u20ac \u2022 free delivery",
    "Cr\u00e8me br\u00fbl\u00e9e for dessert",
    "We\u2019re open 9\u201317 h",
    "Jalape\u00f1o pi\u00f1ata \u00a9 2024",
    "\u00bfQu\u00e9 tal? \u00a1Muy bien!",
    "\u2116 5 \u00b7 \u00bd price \u00b7 \u00b0C",
    "Stra\u00dfe, M\u00fcller & S\u00f6hne",
    "\u2018single\u2019 and \u201cdouble\u201d",
]

EMOJI = [
    "\U0001F600", "\U0001F389", "\U0001F680", "\u2764\ufe0f", "\U0001F44D\U0001F3FD",
    "\U0001F44B\U0001F3FF", "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
    "\U0001F9D1\U0001F3FB\u200d\U0001F4BB", "\U0001F469\U0001F3FE\u200d\U0001F52C",
    "\U0001F3F3\ufe0f\u200d\U0001F308", "\U0001F431", "\u2615", "\U0001F1EF\U0001F1F5",
]

ENTITIES = [
    "&amp;", "caf&eacute;", "it&#8217;s", "&quot;ok&quot;", "&mdash;", "&copy; 2024",
    "&lt;3", "na&iuml;ve", "&#x2014;", "5&nbsp;&euro;", "&hellip;", "&laquo;oui&raquo;",
]

# UTF-8 read as...: the codecs for each script.
LATIN = ["sloppy-windows-1252", "macroman", "sloppy-windows-1252 x2", "gbk", "shift_jis"]
CODECS = {
    "latin": LATIN,
    "cyrillic": ["sloppy-windows-1251", "sloppy-windows-1252", "gbk"],
    "greek": ["sloppy-windows-1253", "sloppy-windows-1252"],
    "cjk": ["sloppy-windows-1252", "shift_jis", "gbk"],
    "other": ["sloppy-windows-1252", "sloppy-windows-1252 x2"],
}


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line]


def script(text):
    for ch in text:
        o = ord(ch)
        if 0x400 <= o <= 0x4FF:
            return "cyrillic"
        if 0x370 <= o <= 0x3FF or 0x1F00 <= o <= 0x1FFF:
            return "greek"
        if 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF:
            return "cjk"
    if any(0xC0 <= ord(ch) <= 0x24F for ch in text):
        return "latin"
    return "other"


def garble(text, codec):
    """`text` as UTF-8 read as `codec`, or None when that does not decode
    (GBK and Shift_JIS reject some byte sequences) or changes nothing."""
    try:
        if codec.endswith(" x2"):
            codec = codec[:-3]
            bad = text.encode("utf-8").decode(codec).encode("utf-8").decode(codec)
        else:
            bad = text.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return None
    if bad == text or "\ufffd" in bad or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in bad):
        return None
    return bad


def nbytes(text):
    return len(text.encode("utf-8"))


class Pools:
    def __init__(self):
        self.ascii = read("clean_ascii.txt")
        self.multi = read("clean_multilingual.txt")
        # Non-ASCII text that can be garbled: words of the multilingual lines
        # (CJK lines have no spaces: runs of 2-6 characters instead) and the
        # phrases above.
        self.pieces = []
        for line in self.multi:
            if script(line) == "cjk":
                line = line.replace(" ", "").replace("\u3001", "").replace("\u3002", "")
                for i in range(0, len(line) - 1, 3):
                    self.pieces.append(line[i:i + 2 + i % 5])
            else:
                self.pieces += [w for w in line.split() if any(ord(c) > 127 for c in w)]
        self.pieces += PHRASES + EMOJI[:6]

    def ascii_words(self, rng, lo, hi):
        words = rng.choice(self.ascii).split()
        n = rng.randint(lo, hi)
        start = rng.randrange(max(1, len(words) - n))
        return " ".join(words[start:start + n])

    def clean_piece(self, rng):
        line = rng.choice(self.multi)
        if script(line) == "cjk":
            start = rng.randrange(len(line) - 4)
            return line[start:start + rng.randint(3, 8)].strip()
        words = line.split()
        n = rng.randint(1, 4)
        start = rng.randrange(max(1, len(words) - n))
        return " ".join(words[start:start + n])

    def mojibake_span(self, rng, codec=None):
        """(garbled, clean, codec) for a piece of non-ASCII text."""
        while True:
            piece = rng.choice(self.pieces)
            c = codec or rng.choice(CODECS[script(piece)])
            bad = garble(piece, c)
            if bad is None:
                continue
            if c in ("gbk", "shift_jis"):
                # ftfy does not know these; the round trip must hold.
                if bad.encode(c).decode("utf-8") != piece:
                    continue
            elif ftfy.fix_encoding(bad) != piece:
                continue
            return bad, piece, c


def web_line(rng, pools):
    short = rng.random() < 0.4
    lo, hi = (20, 40) if short else (200, 600)
    spans_wanted = rng.randint(1, 2) if short else rng.randint(3, 6)
    while True:
        parts, clean, codecs = [], [], set()
        spans = 0
        target = rng.randint(lo, hi)
        while nbytes(" ".join(parts)) < target or spans < spans_wanted:
            r = rng.random()
            if spans < spans_wanted and (r < 0.35 or nbytes(" ".join(parts)) >= target * 0.7):
                # Each span of a long line in a codec the line has not used
                # yet while there are any left.
                for _ in range(8):
                    bad, piece, c = pools.mojibake_span(rng)
                    if c not in codecs or short:
                        break
                parts.append(bad)
                clean.append(piece)
                codecs.add(c)
                spans += 1
                continue
            elif r < 0.55:
                parts.append(pools.clean_piece(rng))
            elif r < 0.75:
                parts.append(pools.ascii_words(rng, 2, 6 if not short else 3))
            elif r < 0.87:
                parts.append(rng.choice(ENTITIES))
            else:
                parts.append(rng.choice(EMOJI))
            clean.append(parts[-1])
        line = " ".join(parts)
        if lo <= nbytes(line) <= hi and (short or len(codecs) >= 2):
            return line, " ".join(clean)


def short_line(rng, pools):
    while True:
        if rng.random() < 0.15:
            line = rng.choice([pools.ascii_words(rng, 3, 6), pools.clean_piece(rng),
                               rng.choice(PHRASES)])
            clean = line
        else:
            parts, clean = [], []
            for _ in range(rng.randint(1, 2)):
                if rng.random() < 0.5:
                    parts.append(pools.ascii_words(rng, 1, 3))
                    clean.append(parts[-1])
                bad, piece, _ = pools.mojibake_span(rng)
                parts.append(bad)
                clean.append(piece)
            line, clean = " ".join(parts), " ".join(clean)
        if 20 <= nbytes(line) <= 40:
            return line, clean


def mostly_clean(rng, pools, lines=400):
    sentences = pools.ascii + pools.multi
    out = []
    for _ in range(lines):
        out.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))))
    clean = list(out)
    # One word in about a thousand garbled: the first near word 400 (so that
    # the 4 KB corpus holds one), then every 1000 +- 200 words, each time the
    # next word with a letter outside ASCII, in a codec that fits its script.
    words_seen, next_bad, bad = 0, 400, 0
    for i, line in enumerate(out):
        words = line.split(" ")
        for j, w in enumerate(words):
            words_seen += 1
            if words_seen < next_bad or not any(ord(c) > 127 for c in w):
                continue
            core = w.strip(".,;:!?()\u3001\u3002")
            for _ in range(20):
                g = garble(core, rng.choice(CODECS[script(core)]))
                if g is not None:
                    break
            else:
                continue
            words[j] = w.replace(core, g)
            bad += 1
            next_bad = words_seen + rng.randint(800, 1200)
        out[i] = " ".join(words)
    total = sum(len(line.split(" ")) for line in out)
    print(f"mostly_clean.txt: {bad} garbled words in {total}")
    return list(zip(out, clean))


def main():
    originals = sys.argv[2] if sys.argv[1:2] == ["--originals"] else None
    rng = random.Random(SEED)
    pools = Pools()
    files = [
        ("web_lines.txt", [web_line(rng, pools) for _ in range(240)]),
        ("short_lines.txt", [short_line(rng, pools) for _ in range(400)]),
        ("mostly_clean.txt", mostly_clean(rng, pools)),
    ]
    for name, pairs in files:
        lines = [bad for bad, _ in pairs]
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        if originals:
            with open(os.path.join(originals, name), "w", encoding="utf-8", newline="\n") as f:
                f.write("\n".join(clean for _, clean in pairs) + "\n")
        changed = sum(1 for line in lines if ftfy.fix_text(line) != line)
        restored = sum(1 for bad, clean in pairs if ftfy.fix_text(bad) == ftfy.fix_text(clean))
        size = sum(nbytes(line) + 1 for line in lines)
        print(f"{name}: {len(lines)} lines, {size} bytes, ftfy changes {changed}, "
              f"restores {restored} (fix_text of the line = fix_text of its original)")


main()
