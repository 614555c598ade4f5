#!/usr/bin/env python3
"""Seeded corpus of clean and mojibake text lines for differential testing.

The clean text is real multilingual text: the translated strings (msgstr) of
the GNU gettext catalogues installed under /usr/share/locale (``*.mo``).
The .mo binary format is parsed here with ``struct``; nothing outside the
Python 3 standard library is needed.

Mojibake is made the way it happens in the wild: the text is encoded as
UTF-8 and the bytes are decoded with a single-byte codec, once (single
layer) or twice (doubled layer).  The codecs are ftfy's candidates
(``ftfy.chardata.CHARMAP_ENCODINGS``).  The ``sloppy-windows-*`` codecs are
rebuilt here exactly the way ``ftfy.bad_codecs.sloppy`` builds them (bytes
undefined in the Windows code page decode as in Latin-1, byte 0x1A decodes
as U+FFFD), so ftfy does not need to be installed to generate the corpus.

Output is deterministic: the catalogue list is sorted, every random choice
comes from ``random.Random(seed)``, and so a given seed gives the same lines
on any machine with the same catalogue files.

Library use::

    import corpus
    clean = corpus.clean_lines(seed=1, n=100)       # [(lang, line), ...]
    corpus.garble("Привет", ["sloppy-windows-1251"])  # 'РџСЂРёРІРµС‚'
    records = corpus.generate(seed=1, n=24000)      # [Record, ...]

Command line::

    python3 scripts/corpus.py --seed 1 --lines 1000 --kind clean|mojibake|double|all

writes TSV, ``class<TAB>line`` (``--format jsonl`` writes every field).
"""

from __future__ import annotations

import argparse
import functools
import glob
import hashlib
import json
import os
import random
import re
import struct
import sys
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Sequence

LOCALE_GLOB = "/usr/share/locale/*/LC_MESSAGES/*.mo"

# ftfy 6.3.1, ftfy.chardata.CHARMAP_ENCODINGS, in ftfy's order.
CODECS = [
    "latin-1",
    "sloppy-windows-1252",
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
]

DEFAULT_MIN_LEN = 10

# --------------------------------------------------------------------------
# .mo parsing
# --------------------------------------------------------------------------


def _parse_mo(data: bytes) -> list[tuple[bytes, bytes]]:
    """Return the (msgid, msgstr) byte strings of a GNU .mo file.

    Raises ValueError when the data is not a .mo file.
    """
    if len(data) < 28:
        raise ValueError("too short for a .mo file")
    magic_le = struct.unpack_from("<I", data, 0)[0]
    if magic_le == 0x950412DE:
        order = "<"
    elif magic_le == 0xDE120495:
        order = ">"
    else:
        raise ValueError("bad .mo magic number")
    revision, count, orig_off, trans_off = struct.unpack_from(order + "4I", data, 4)
    if revision >> 16 > 1:
        raise ValueError("unknown .mo major revision %d" % (revision >> 16))
    entries = []
    for i in range(count):
        olen, opos = struct.unpack_from(order + "2I", data, orig_off + 8 * i)
        tlen, tpos = struct.unpack_from(order + "2I", data, trans_off + 8 * i)
        if opos + olen > len(data) or tpos + tlen > len(data):
            raise ValueError("string table points outside the file")
        entries.append((data[opos : opos + olen], data[tpos : tpos + tlen]))
    return entries


def _charset_of(entries: list[tuple[bytes, bytes]]) -> str:
    """The charset named in the catalogue header (msgid ""), default UTF-8."""
    for msgid, msgstr in entries:
        if msgid == b"":
            for header_line in msgstr.split(b"\n"):
                key, _, value = header_line.partition(b":")
                if key.strip().lower() == b"content-type":
                    _, _, cs = value.partition(b"charset=")
                    cs = cs.strip().split(b";")[0].strip()
                    if cs:
                        return cs.decode("ascii", "replace")
            break
    return "utf-8"


# Control characters other than tab, surrogates, private use, noncharacters.
_BAD_CHARS = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"
    "\U000f0000-\U0010ffff\ufffd]"
)
# Three letters (a letter is a word character that is not a digit or _).
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.S)


def _acceptable(line: str, min_len: int) -> bool:
    return (
        len(line) >= min_len
        and _BAD_CHARS.search(line) is None
        and _THREE_LETTERS.search(line) is not None
    )


_SCRIPT_WORDS = {
    "LATIN": "latin",
    "CYRILLIC": "cyrillic",
    "GREEK": "greek",
    "ARABIC": "arabic",
    "HEBREW": "hebrew",
    "CJK": "cjk",
    "HIRAGANA": "cjk",
    "KATAKANA": "cjk",
    "HALFWIDTH": "cjk",
    "HANGUL": "hangul",
    "THAI": "thai",
    "GEORGIAN": "georgian",
    "ARMENIAN": "armenian",
    "ETHIOPIC": "ethiopic",
    "DEVANAGARI": "indic",
    "BENGALI": "indic",
    "GURMUKHI": "indic",
    "GUJARATI": "indic",
    "ORIYA": "indic",
    "TAMIL": "indic",
    "TELUGU": "indic",
    "KANNADA": "indic",
    "MALAYALAM": "indic",
    "SINHALA": "indic",
}
_SCRIPT_NAMES = sorted(set(_SCRIPT_WORDS.values())) + ["other"]
_SCRIPT_CODE = {name: chr(0x41 + i) for i, name in enumerate(_SCRIPT_NAMES)}
_CODE_SCRIPT = {code: name for name, code in _SCRIPT_CODE.items()}


def _build_script_table() -> dict[int, str | None]:
    """str.translate table: a BMP letter -> its script's one-letter code,
    anything else -> deleted.  Letters outside the BMP fall through as
    themselves and count as "other"."""
    table: dict[int, str | None] = {}
    other = _SCRIPT_CODE["other"]
    for cp in range(0x10000):
        ch = chr(cp)
        if unicodedata.category(ch)[0] != "L":
            table[cp] = None
            continue
        word = unicodedata.name(ch, "").split(" ", 1)[0]
        table[cp] = _SCRIPT_CODE[_SCRIPT_WORDS.get(word, "other")] if word else other
    return table


_SCRIPT_TABLE: dict[int, str | None] | None = None


def script_of(line: str) -> str:
    """Dominant script of a line's letters (latin, cyrillic, greek, cjk, ...).

    "none" when the line has no letters; ties go to the name first in
    alphabetical order."""
    global _SCRIPT_TABLE
    if _SCRIPT_TABLE is None:
        _SCRIPT_TABLE = _build_script_table()
    codes = line.translate(_SCRIPT_TABLE)
    if not codes:
        return "none"
    counts = Counter(codes)
    if not codes.isascii():  # letters outside the BMP
        other = _SCRIPT_CODE["other"]
        for c in [c for c in counts if c not in _CODE_SCRIPT]:
            counts[other] += counts.pop(c)
    best = max(sorted(counts), key=lambda c: counts[c])
    return _CODE_SCRIPT[best]


class Line:
    """A catalogue line: language (locale directory name, e.g. "pt_BR",
    "sr@latin"), text, and dominant script (computed on first use)."""

    __slots__ = ("lang", "text", "_script")

    def __init__(self, lang: str, text: str, script: str | None = None):
        self.lang = lang
        self.text = text
        self._script = script

    @property
    def script(self) -> str:
        if self._script is None:
            self._script = script_of(self.text)
        return self._script

    def __repr__(self) -> str:
        return "Line(%r, %r)" % (self.lang, self.text)


# Bump when the extraction rules change, so stale caches are not reused.
_EXTRACT_VERSION = 2
_CACHE: dict[tuple[str, int], list[Line]] = {}
# Default for load_lines(cache_dir=...); scripts/diff-ftfy sets it.
CACHE_DIR: str | None = None


def _cache_key(paths: list[str], min_len: int) -> str:
    h = hashlib.sha256()
    h.update(("%d|%d|%s\n" % (_EXTRACT_VERSION, min_len, unicodedata.unidata_version)).encode())
    for path in paths:
        st = os.stat(path)
        h.update(("%s|%d|%d\n" % (path, st.st_size, st.st_mtime_ns)).encode())
    return h.hexdigest()[:24]


def load_lines(
    min_len: int = DEFAULT_MIN_LEN,
    pattern: str = LOCALE_GLOB,
    cache_dir: str | None = None,
) -> list[Line]:
    """All distinct usable lines of the installed catalogues, in a fixed order.

    Lines are msgstr values split on NUL (plural forms) and newlines,
    stripped, NFC-normalised, at least ``min_len`` characters with three
    letters, without control characters other than tab (nor surrogates,
    private-use characters, U+FFFD).  A translation equal to its msgid (an
    untranslated copy) is skipped except in English locales.  A line that
    occurs in several catalogues is kept once, with the language of the
    first catalogue in sorted path order.

    Reading all catalogues takes some seconds; with ``cache_dir`` the
    result is kept there as JSON, keyed by the catalogue paths, sizes and
    modification times, and reused while they are unchanged.
    """
    key = (pattern, min_len)
    if key in _CACHE:
        return _CACHE[key]
    paths = sorted(glob.glob(pattern))
    if cache_dir is None:
        cache_dir = CACHE_DIR
    cache_file = None
    if cache_dir is not None:
        cache_file = os.path.join(cache_dir, "mo-lines-%s.json" % _cache_key(paths, min_len))
        try:
            with open(cache_file, encoding="utf-8") as f:
                out = [Line(lang, text, script) for lang, text, script in json.load(f)]
            _CACHE[key] = out
            return out
        except (OSError, ValueError):
            pass
    seen: set[str] = set()
    out = []
    for path in paths:
        lang = path.split(os.sep)[-3]
        try:
            with open(path, "rb") as f:
                entries = _parse_mo(f.read())
            charset = _charset_of(entries)
            "".encode(charset)  # unknown charset -> LookupError
        except (OSError, ValueError, LookupError, struct.error):
            continue
        english = lang == "en" or lang.startswith(("en_", "en@"))
        for msgid, msgstr in entries:
            if msgid == b"" or (msgstr == msgid.split(b"\x00")[0] and not english):
                continue
            try:
                text = msgstr.decode(charset)
            except (UnicodeDecodeError, LookupError):
                continue
            for part in text.split("\x00"):
                for raw in part.split("\n"):
                    line = unicodedata.normalize("NFC", raw.strip())
                    if line in seen or not _acceptable(line, min_len):
                        continue
                    seen.add(line)
                    out.append(Line(lang, line))
    if cache_file is not None:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = cache_file + ".tmp%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump([[ln.lang, ln.text, ln.script] for ln in out], f, ensure_ascii=False)
        os.replace(tmp, cache_file)
        for old in glob.glob(os.path.join(cache_dir, "mo-lines-*.json")):
            if old != cache_file:
                os.remove(old)
    _CACHE[key] = out
    return out


def corpus_stats(min_len: int = DEFAULT_MIN_LEN) -> dict:
    lines = load_lines(min_len)
    by_script: dict[str, int] = {}
    for ln in lines:
        by_script[ln.script] = by_script.get(ln.script, 0) + 1
    return {
        "lines": len(lines),
        "languages": len({ln.lang for ln in lines}),
        "non_ascii_lines": sum(1 for ln in lines if not ln.text.isascii()),
        "by_script": dict(sorted(by_script.items(), key=lambda kv: -kv[1])),
    }


# --------------------------------------------------------------------------
# Balanced sampling
# --------------------------------------------------------------------------


class _Pool:
    """Lines grouped by language; draws a language uniformly, then a line.

    Each language's lines are drawn without replacement (a shuffled queue,
    reshuffled when used up), so repeats only happen once a language has
    run dry.
    """

    def __init__(self, lines: Iterable[Line], rng: random.Random):
        groups: dict[str, list[Line]] = {}
        for ln in lines:
            groups.setdefault(ln.lang, []).append(ln)
        self.langs = sorted(groups)
        self.groups = groups
        self.queues: dict[str, list[Line]] = {}
        self.rng = rng

    def __bool__(self) -> bool:
        return bool(self.langs)

    def draw(self) -> Line:
        lang = self.rng.choice(self.langs)
        queue = self.queues.get(lang)
        if not queue:
            queue = list(self.groups[lang])
            self.rng.shuffle(queue)
            self.queues[lang] = queue
        return queue.pop()


def _select(
    min_len: int,
    scripts: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
    non_ascii: bool = False,
) -> list[Line]:
    def lang_ok(lang: str) -> bool:
        if langs is None:
            return True
        base = lang.split("@")[0].split("_")[0]
        return lang in langs or base in langs

    return [
        ln
        for ln in load_lines(min_len)
        if (scripts is None or ln.script in scripts)
        and lang_ok(ln.lang)
        and (not non_ascii or not ln.text.isascii())
    ]


def clean_lines(
    seed: int,
    n: int,
    min_len: int = DEFAULT_MIN_LEN,
    scripts: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
    non_ascii: bool = False,
) -> list[tuple[str, str]]:
    """``n`` (language, line) pairs, balanced across languages.

    ``scripts`` keeps only lines whose dominant script is listed (names as
    returned by :func:`script_of`); ``langs`` keeps only the listed locales
    (a bare code like ``"pt"`` matches ``pt_BR`` and ``pt``).
    """
    pool = _Pool(_select(min_len, scripts, langs, non_ascii), random.Random(seed))
    if not pool:
        raise ValueError("no catalogue lines match the selection")
    return [(ln.lang, ln.text) for ln in (pool.draw() for _ in range(n))]


# --------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------


def _decoding_table(codec: str) -> str:
    all_bytes = bytes(range(256))
    if codec.startswith("sloppy-"):
        base = codec[len("sloppy-") :]
        chars = list(all_bytes.decode("latin-1"))
        for i, ch in enumerate(all_bytes.decode(base, errors="replace")):
            if ch != "\ufffd":
                chars[i] = ch
        chars[0x1A] = "\ufffd"
        return "".join(chars)
    return all_bytes.decode(codec)


DECODING_TABLES = {c: _decoding_table(c) for c in CODECS}
_TRANSLATE = {c: {i: ch for i, ch in enumerate(t) if ord(ch) != i} for c, t in DECODING_TABLES.items()}


def decode_bytes(data: bytes, codec: str) -> str:
    """Decode with one of :data:`CODECS` (sloppy codecs as ftfy defines them)."""
    if codec in _TRANSLATE:
        return data.decode("latin-1").translate(_TRANSLATE[codec])
    return data.decode(codec)


def garble(line: str, codec_chain: str | Sequence[str]) -> str:
    """Mojibake: for each codec, ``s = s.encode('utf-8').decode(codec)``."""
    if isinstance(codec_chain, str):
        codec_chain = [codec_chain]
    s = line
    for codec in codec_chain:
        s = decode_bytes(s.encode("utf-8"), codec)
    return s


def _plausible_mojibake(original: str, garbled: str) -> bool:
    """False for samples to skip: no change, or characters a line can't hold."""
    if garbled == original:
        return False
    for ch in garbled:
        if ch in "\n\r\x00\ufffd" or "\ud800" <= ch <= "\udfff":
            return False
    return True


# Which text is realistically read with which codec.  Predicates over Line.
_WESTERN = {
    "af", "ast", "br", "ca", "cy", "da", "de", "en", "eo", "es", "eu", "fi",
    "fo", "fr", "fur", "fy", "ga", "gd", "gl", "ia", "id", "is", "it", "ms",
    "nb", "nds", "nl", "nn", "no", "oc", "pt", "rm", "sc", "sq", "sv", "wa",
}
_CENTRAL = {"bs", "cs", "csb", "dsb", "hr", "hsb", "hu", "pl", "ro", "sk", "sl", "sr", "szl"}
_TURKISH = {"tr", "az", "ku"}
_BALTIC = {"et", "lt", "ltg", "lv"}


@functools.lru_cache(maxsize=None)
def _base(lang: str) -> str:
    return lang.split("@")[0].split("_")[0]


# Cheap pre-filters, so the script of most lines is never computed.
_HAS_CYRILLIC = re.compile("[\u0400-\u04ff]")
_HAS_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")

POOLS: dict[str, Callable[[Line], bool]] = {
    "western": lambda ln: _base(ln.lang) in _WESTERN and ln.script == "latin",
    "central": lambda ln: _base(ln.lang) in _CENTRAL and ln.script == "latin",
    "turkish": lambda ln: _base(ln.lang) in _TURKISH and ln.script == "latin",
    "baltic": lambda ln: _base(ln.lang) in _BALTIC and ln.script == "latin",
    "cyrillic": lambda ln: bool(_HAS_CYRILLIC.search(ln.text)) and ln.script == "cyrillic",
    "greek": lambda ln: bool(_HAS_GREEK.search(ln.text)) and ln.script == "greek",
    "any": lambda ln: True,
}

CODEC_POOL = {
    "latin-1": "western",
    "sloppy-windows-1252": "western",
    "macroman": "western",
    "cp437": "western",
    "sloppy-windows-1251": "cyrillic",
    "sloppy-windows-1250": "central",
    "iso-8859-2": "central",
    "sloppy-windows-1253": "greek",
    "sloppy-windows-1254": "turkish",
    "sloppy-windows-1257": "baltic",
}

# Fraction of mojibake samples drawn from any language instead of the
# codec's own languages (e.g. Russian read as windows-1252, also common).
ANY_LANGUAGE_FRACTION = 0.2

SAME_CODEC_PAIRS = [(c, c) for c in CODECS]
MIXED_PAIRS = [
    ("sloppy-windows-1252", "latin-1"),
    ("latin-1", "sloppy-windows-1252"),
    ("sloppy-windows-1251", "sloppy-windows-1252"),
    ("sloppy-windows-1252", "sloppy-windows-1251"),
    ("macroman", "sloppy-windows-1252"),
    ("sloppy-windows-1252", "macroman"),
    ("sloppy-windows-1250", "sloppy-windows-1252"),
    ("cp437", "sloppy-windows-1252"),
]


@dataclass(frozen=True)
class Record:
    cls: str  # "clean/<script>", "mojibake/<codec>", "double/<c1>+<c2>"
    lang: str
    original: str  # the clean line
    text: str  # what the fixers get (== original for clean records)


class _Sampler:
    def __init__(self, seed: int, min_len: int):
        self.rng = random.Random(seed)
        self.min_len = min_len
        self.pools: dict[tuple[str, bool], _Pool] = {}

    def pool(self, name: str, non_ascii: bool) -> _Pool:
        key = (name, non_ascii)
        if key not in self.pools:
            pred = POOLS[name]
            lines = [
                ln
                for ln in load_lines(self.min_len)
                if pred(ln) and (not non_ascii or not ln.text.isascii())
            ]
            # Each pool gets its own generator derived from the main one, so
            # pools do not disturb each other's sequences.
            self.pools[key] = _Pool(lines, random.Random(self.rng.getrandbits(64)))
        return self.pools[key]

    def garbled(self, chain: Sequence[str], tries: int = 50) -> Record | None:
        for _ in range(tries):
            if self.rng.random() < ANY_LANGUAGE_FRACTION:
                pool = self.pool("any", True)
            else:
                pool = self.pool(CODEC_POOL[chain[0]], True)
            if not pool:
                pool = self.pool("any", True)
            ln = pool.draw()
            text = garble(ln.text, chain)
            if _plausible_mojibake(ln.text, text):
                if len(chain) == 1:
                    cls = "mojibake/" + chain[0]
                else:
                    cls = "double/" + "+".join(chain)
                return Record(cls, ln.lang, ln.text, text)
        return None


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to weights that add up to total."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def generate(
    seed: int,
    n: int,
    kinds: Sequence[str] = ("clean", "mojibake", "double"),
    min_len: int = DEFAULT_MIN_LEN,
) -> list[Record]:
    """``n`` records: clean lines, single-layer and doubled-layer mojibake.

    With all three kinds the split is 25% clean (balanced across
    languages), 50% single-layer mojibake (equal shares per codec), 25%
    doubled (three quarters same-codec pairs, one quarter mixed pairs).
    Records come out grouped by class, in a fixed order.
    """
    weights = {"clean": 1.0, "mojibake": 2.0, "double": 1.0}
    kinds = [k for k in ("clean", "mojibake", "double") if k in kinds]
    counts = dict(zip(kinds, _split(n, [weights[k] for k in kinds])))
    sampler = _Sampler(seed, min_len)
    records: list[Record] = []
    if "clean" in counts:
        pool = sampler.pool("any", False)
        for _ in range(counts["clean"]):
            ln = pool.draw()
            records.append(Record("clean/" + ln.script, ln.lang, ln.text, ln.text))
    chains: list[tuple[tuple[str, ...], int]] = []
    if "mojibake" in counts:
        per = _split(counts["mojibake"], [1.0] * len(CODECS))
        chains += [((c,), k) for c, k in zip(CODECS, per)]
    if "double" in counts:
        same, mixed = _split(counts["double"], [3.0, 1.0])
        chains += list(zip(SAME_CODEC_PAIRS, _split(same, [1.0] * len(SAME_CODEC_PAIRS))))
        chains += list(zip(MIXED_PAIRS, _split(mixed, [1.0] * len(MIXED_PAIRS))))
    for chain, k in chains:
        for _ in range(k):
            rec = sampler.garbled(chain)
            if rec is not None:
                records.append(rec)
    return records


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument(
        "--kind",
        choices=["clean", "mojibake", "double", "all"],
        default="all",
        help="clean lines, single-layer mojibake, doubled layers, or all (default)",
    )
    ap.add_argument("--min-len", type=int, default=DEFAULT_MIN_LEN)
    ap.add_argument("--format", choices=["tsv", "jsonl"], default="tsv")
    ap.add_argument("--stats", action="store_true", help="print corpus size and exit")
    ap.add_argument("--cache-dir", help="keep the extracted catalogue lines here between runs")
    args = ap.parse_args(argv)
    global CACHE_DIR
    CACHE_DIR = args.cache_dir

    if args.stats:
        json.dump(corpus_stats(args.min_len), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    kinds = ["clean", "mojibake", "double"] if args.kind == "all" else [args.kind]
    records = generate(args.seed, args.lines, kinds, args.min_len)
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")  # type: ignore[attr-defined]
    for rec in records:
        if args.format == "tsv":
            out.write(rec.cls + "\t" + rec.text + "\n")
        else:
            out.write(json.dumps(asdict(rec), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
