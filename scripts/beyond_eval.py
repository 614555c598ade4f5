#!/usr/bin/env python3
"""Seeded evaluation set for the repairs beyond ftfy (issue 6).

Every line is real text: the translated strings of the gettext catalogues
under /usr/share/locale, read by :mod:`corpus` (scripts/corpus.py), plus a
hand-written file of legitimate but suspicious-looking text
(tests/data/beyond/tricky-clean.txt) and ftfy's ten known failures
(tests/data/conformance/known-failures.json).  Only the Python 3 standard
library is used; ftfy is not needed to generate the set.

Classes (``CLASSES`` lists them in report order):

``mixed``
    A line where some, but not all, non-ASCII words are mojibake and the
    rest is clean: ``PUERTO BOYACÁ, BoyacÃ¡``.  Words are maximal runs of
    non-space characters.  A line needs two or more words with non-ASCII
    characters; between 1 and all-but-one of them are garbled, so at least
    one garbled word and at least one clean non-ASCII character are always
    present.  Variants (the record's ``variant``): ``1252`` (Latin-script
    lines, words read as windows-1252), ``latin-1`` (Latin-script lines,
    words read as Latin-1, so C1 controls appear) and ``1251`` (Cyrillic
    lines, words read as windows-1251).  windows-125x decoding is ftfy's
    "sloppy" variant, which is also what WHATWG/browsers do: the bytes
    the code page leaves undefined decode as the C1 control of that value.

``cjk-gbk``, ``cjk-sjis``, ``cjk-big5``, ``cjk-euckr``
    UTF-8 bytes decoded, in strict mode, with Python's Windows code pages
    cp936, cp932, cp950 and cp949: ``浣犲ソ`` for ``你好``.  Up to 90% of
    the lines come from the fitting language (zh_CN, ja, zh_TW and zh_HK,
    ko; variant ``own``), the rest from any other language with non-ASCII
    text (``Caf茅``; variant ``other``).  A line whose strict decode fails
    cannot be repaired exactly by anyone (the decoder had to drop bytes): it
    is left out of the class and counted in the statistics as ``lossy``;
    the line decoded with ``errors="replace"`` goes to ``cjk-lossy`` instead
    (at most ``lossy_per_codec`` per codec), which is scored for "no damage"
    only.  Most own-language lines are lossy (cp950 rejects the trail bytes
    0x80-0xA0 that UTF-8 is full of, so only a handful of zh_TW lines
    survive); when the own pool runs dry, other languages fill the class.

``sb-*``: one single-byte charset read as another
    ``sb-1251-as-1252`` (ru, uk, bg, sr: ``Ïðèâåò``), ``sb-1253-as-1252``
    (el), ``sb-1252-as-1253`` (fr, es, de, pt: ``Thιβtre``),
    ``sb-1252-as-1251`` (Western European languages: ``Thйвtre``),
    ``sb-macroman-as-latin1`` (es, fr, pt, it: ``tur\\x92stico``),
    ``sb-macroman-as-1252`` (es, fr, pt, it: ``tur’stico``),
    ``sb-1252-as-macroman`` (fr, es, de, pt, it: ``ThÈ‚tre``).  The line is
    encoded with the source charset (Python's cp125x / mac_roman, strict;
    a line it cannot encode is skipped and counted as ``unencodable``) and
    the bytes decoded with ftfy's codec of the target charset.

``legacy-*``: legacy bytes that are not UTF-8 read as Windows-1252
    ``legacy-gbk`` (zh_CN: ``ÄãºÃ`` for ``你好``), ``legacy-big5`` (zh_TW,
    zh_HK), ``legacy-euckr`` (ko), ``legacy-sjis`` (ja, cp932),
    ``legacy-eucjp`` (ja), ``legacy-koi8r`` (ru), ``legacy-cp866`` (ru, uk,
    bg).  The line is encoded with the legacy charset (Python's codec,
    strict; ``unencodable`` otherwise) and the bytes decoded with ftfy's
    sloppy-windows-1252.  (Windows-1251 read as Windows-1252 is
    ``sb-1251-as-1252`` above.)

``utf8-as-*``: UTF-8 read as a code page ftfy does not try
    ``utf8-as-cp866`` and ``utf8-as-koi8r`` (ru, uk, bg, sr, Cyrillic
    lines only: ``╨б╨╛╤Б╤В╨╛╤П╨╜╨╕╨╡``), ``utf8-as-cp1258`` (vi).  Python's codecs,
    strict (a line whose bytes the code page leaves undefined is counted
    as ``undecodable``).

``thin-*``: one character of a clean line garbled (issue 18)
    ``thin-cp437``: a dash, quote, bullet, arrow or other symbol of a
    Latin-script line (U+2010-U+2BFF or an emoji; variant ``found``), or,
    for 30% of the lines, a symbol or emoji of ``THIN_SYMBOLS`` inserted at
    the start or after a space and set off by a space (variant
    ``inserted``), its UTF-8 read as cp437: ``wait ΓÇö this``.
    ``thin-1252-symbol``: a symbol or emoji of ``THIN_SYMBOLS`` inserted
    so, its UTF-8 read as Windows-1252: ``## âš¡ Quick Start``.
    ``thin-1252-letter``: Latin-script lines whose one non-ASCII character
    is a letter of U+00C0-U+00FF, its UTF-8 read as Windows-1252
    (``Ã…lesund``; variants ``capital`` and ``small``).
    ``thin-1252-as-1250``: lines of the Western European languages whose
    one non-ASCII character is a letter, its Windows-1252 byte read as
    Windows-1250 (``mĺnga``; kept only when the two code pages differ on
    it).  Only the garbled character is checked to be invertible.

``known-failures``
    The ten cases of ftfy's known-failures.json: input ``original``,
    expected ``fixed``.  One of them is a false-positive test that expects
    no change.

``clean``
    ``clean_size`` (default 100,000) distinct catalogue lines, drawn
    language by language so that every language gets its share until it
    runs dry (177 languages, every script the catalogues have).  The
    catalogues hold a few dozen lines that are themselves mojibake; these
    are not "clean" and a repair of them is not a false positive.  They are
    removed by this documented rule, applied by scripts/score-beyond (it
    needs ftfy): *a clean line is dropped when ftfy 6.3.1's fix_encoding
    changes it*.  The count of dropped lines is printed.  No other
    filtering is done: lines that only ftfy's cosmetic steps change (curly
    quotes, full-width punctuation) stay in; see "expected" below.

``tricky-clean``
    Legitimate text that looks like mojibake: every line of
    tests/data/beyond/tricky-clean.txt (hand-written, ``#`` lines are
    comments; ``\\u00a0``-style escapes are decoded, so invisible characters
    can be written), plus ``tricky_per_lang`` catalogue lines per language
    in Portuguese, Romanian, Vietnamese, Icelandic, Faroese, Turkish,
    Catalan and French, upper-cased (``SÃO``, ``ÎN ROMÂNIA``).  For these
    the drop rule above is applied to the catalogue line before upper-casing.

Records (:class:`Record`) carry ``cls``, ``lang``, ``input`` (what the fixers
get), ``original`` (the true text; equal to ``input`` for clean classes),
``variant`` and ``source`` (the catalogue line the drop rule looks at, or
None).  The scorer compares a fixer's output with ``expected``, which is
``original`` after ftfy's non-encoding ``fix_text`` steps (uncurl quotes,
character width, ligatures, HTML entities, NFC; computed in the ftfy venv by
scripts/score-beyond): fix_text turns ``“x”`` into ``"x"`` and ``，`` into
``,`` however well the encoding was repaired, and that is not what this set
measures.

Every garbled record is checked to be repairable in principle: encoding its
input with the garbling codec and decoding with the original one gives back
``original`` exactly (records that fail are dropped and counted as
``not-invertible``).

Determinism: each class draws from its own ``random.Random`` seeded with
``"<seed>:<class>"``, over the sorted catalogue list, so a seed gives the
same set on any machine with the same catalogue files and Python version,
and changing one class does not reshuffle the others.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
import corpus  # noqa: E402  (scripts/corpus.py, stdlib only)

DEFAULT_SEED = 6
TRICKY_FILE = ROOT / "tests" / "data" / "beyond" / "tricky-clean.txt"
KNOWN_FAILURES_FILE = ROOT / "tests" / "data" / "conformance" / "known-failures.json"

CJK = {
    # class: (Python codec, the languages whose text fits it)
    "cjk-gbk": ("cp936", ("zh_CN",)),
    "cjk-sjis": ("cp932", ("ja",)),
    "cjk-big5": ("cp950", ("zh_TW", "zh_HK")),
    "cjk-euckr": ("cp949", ("ko",)),
}
CJK_OTHER_FRACTION = 0.1

_ES_FR_PT_IT = ("es", "fr", "pt", "it")
SINGLE_BYTE = {
    # class: (source charset, codec the bytes are read with, languages)
    "sb-1251-as-1252": ("cp1251", "sloppy-windows-1252", ("ru", "uk", "bg", "sr")),
    "sb-1253-as-1252": ("cp1253", "sloppy-windows-1252", ("el",)),
    "sb-1252-as-1253": ("cp1252", "sloppy-windows-1253", ("fr", "es", "de", "pt")),
    "sb-1252-as-1251": ("cp1252", "sloppy-windows-1251", tuple(sorted(corpus._WESTERN))),
    "sb-macroman-as-latin1": ("mac_roman", "latin-1", _ES_FR_PT_IT),
    "sb-macroman-as-1252": ("mac_roman", "sloppy-windows-1252", _ES_FR_PT_IT),
    "sb-1252-as-macroman": ("cp1252", "macroman", ("fr", "es", "de", "pt", "it")),
}

_CYRILLIC = ("ru", "uk", "bg", "sr")
LEGACY = {
    # class: (source charset, codec the bytes are read with, languages)
    # Legacy bytes that are not UTF-8, read as Windows-1252 (issue 18).
    "legacy-gbk": ("gbk", "sloppy-windows-1252", ("zh_CN",)),
    "legacy-big5": ("big5", "sloppy-windows-1252", ("zh_TW", "zh_HK")),
    "legacy-euckr": ("euc_kr", "sloppy-windows-1252", ("ko",)),
    "legacy-sjis": ("cp932", "sloppy-windows-1252", ("ja",)),
    "legacy-eucjp": ("euc_jp", "sloppy-windows-1252", ("ja",)),
    "legacy-koi8r": ("koi8_r", "sloppy-windows-1252", ("ru",)),
    "legacy-cp866": ("cp866", "sloppy-windows-1252", ("ru", "uk", "bg")),
    # UTF-8 read as a code page ftfy does not try.
    "utf8-as-cp866": ("utf-8", "cp866", _CYRILLIC),
    "utf8-as-koi8r": ("utf-8", "koi8_r", _CYRILLIC),
    "utf8-as-cp1258": ("utf-8", "cp1258", ("vi",)),
}

# Thin evidence (issue 18): one character of a line garbled, the rest clean.
# class: (codec the UTF-8 bytes, or the Windows-1252 bytes, are read with)
THIN = {
    "thin-cp437": "cp437",
    "thin-1252-symbol": "sloppy-windows-1252",
    "thin-1252-letter": "sloppy-windows-1252",
    "thin-1252-as-1250": "sloppy-windows-1250",
}
# Symbols and emoji that headings, lists and commit messages put before or
# between words (`## ⚡ Quick Start`), for the classes that insert one.
THIN_SYMBOLS = "⚡✓✔✗✘★☆⚠❤✨✅❌➜→←⇒•…™€☐☑☒♥♦♣♠✉☎⌘⏎🚀🎉🔥👍👎📦🐛💡📝🔧🔒🌍😀😉🙂🤔"
# The share of thin-cp437 lines whose character is inserted from
# THIN_SYMBOLS rather than found in the line.
THIN_CP437_INSERTED = 0.3
# Latin languages written in Windows-1252 for thin-1252-as-1250.
_THIN_1250_LANGS = tuple(sorted(corpus._WESTERN))

MIXED_VARIANTS = [
    # (variant, codec words are read with, line pool, share)
    ("1252", "sloppy-windows-1252", "latin", 0.6),
    ("latin-1", "latin-1", "latin", 0.15),
    ("1251", "sloppy-windows-1251", "cyrillic", 0.25),
]

TRICKY_LANGS = ("pt", "ro", "vi", "is", "fo", "tr", "ca", "fr")

GARBLED_CLASSES = ["mixed", *CJK, *SINGLE_BYTE, *LEGACY, *THIN, "known-failures"]
CLEAN_CLASSES = ["clean", "tricky-clean"]
CLASSES = GARBLED_CLASSES + ["cjk-lossy"] + CLEAN_CLASSES


@dataclass
class Record:
    cls: str
    lang: str
    input: str
    original: str
    variant: str = ""
    # The catalogue line the clean-set drop rule checks (clean classes only).
    source: str | None = None


@dataclass
class EvalSet:
    seed: int
    records: list[Record]
    # class -> Counter of drawn / kept / lossy / unencodable / ... counts
    stats: dict[str, Counter] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Codecs
# --------------------------------------------------------------------------

_ENCODE_TABLES: dict[str, dict[str, int]] = {}


def decode(data: bytes, codec: str, errors: str = "strict") -> str:
    """Decode with a Python codec or one of ftfy's (corpus.CODECS)."""
    if codec in corpus.DECODING_TABLES:
        return corpus.decode_bytes(data, codec)
    return data.decode(codec, errors)


def encode(text: str, codec: str) -> bytes:
    """Inverse of :func:`decode` (strict); ftfy's sloppy codecs included."""
    if codec.startswith("sloppy-"):
        table = _ENCODE_TABLES.get(codec)
        if table is None:
            table = {ch: i for i, ch in enumerate(corpus.DECODING_TABLES[codec])}
            _ENCODE_TABLES[codec] = table
        try:
            return bytes(table[ch] for ch in text)
        except KeyError as e:
            raise UnicodeEncodeError(codec, text, 0, len(text), "no byte for %r" % e.args[0])
    return text.encode(codec)


# Characters a line cannot hold (the fixers read one line at a time).
_UNFIT = re.compile("[\n\r\x00\x1a\x85\u2028\u2029\ufffd\ud800-\udfff]")


def _fits(text: str) -> bool:
    return _UNFIT.search(text) is None


# --------------------------------------------------------------------------
# Line pools
# --------------------------------------------------------------------------


def _base(lang: str) -> str:
    return corpus._base(lang)


def _lines(pred: Callable[[corpus.Line], bool]) -> list[corpus.Line]:
    return [ln for ln in corpus.load_lines() if pred(ln)]


class _Queue:
    """Draw lines of one pool: a uniformly chosen language, then a line of
    it not drawn before (corpus._Pool without the reshuffle: a language that
    runs dry is dropped, so lines never repeat)."""

    def __init__(self, lines: Iterable[corpus.Line], rng: random.Random):
        groups: dict[str, list[corpus.Line]] = {}
        for ln in lines:
            groups.setdefault(ln.lang, []).append(ln)
        self.rng = rng
        self.langs = sorted(groups)
        self.groups = groups
        for lang in self.langs:
            rng.shuffle(groups[lang])

    def __bool__(self) -> bool:
        return bool(self.langs)

    def draw(self) -> corpus.Line | None:
        while self.langs:
            lang = self.rng.choice(self.langs)
            group = self.groups[lang]
            if group:
                return group.pop()
            self.langs.remove(lang)
        return None


def _rng(seed: int, cls: str) -> random.Random:
    return random.Random("%d:%s" % (seed, cls))


# --------------------------------------------------------------------------
# Classes
# --------------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _garble_some_words(text: str, codec: str, rng: random.Random) -> tuple[str, list[tuple[str, str]]] | None:
    """Garble between 1 and all-but-one of the non-ASCII words of ``text``;
    returns the new line and the (garbled, clean) word pairs, or None."""
    words = list(_WORD.finditer(text))
    candidates = [m for m in words if not m.group().isascii()]
    if len(candidates) < 2:
        return None
    k = rng.randint(1, len(candidates) - 1)
    chosen = sorted(rng.sample(candidates, k), key=lambda m: m.start())
    out, pos, pairs = [], 0, []
    for m in chosen:
        g = decode(m.group().encode("utf-8"), codec)
        if not _fits(g):
            return None
        out.append(text[pos : m.start()])
        out.append(g)
        pairs.append((g, m.group()))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), pairs


def _mixed(seed: int, n: int, stats: Counter) -> list[Record]:
    rng = _rng(seed, "mixed")

    def two_non_ascii_words(text: str) -> bool:
        return not text.isascii() and sum(1 for w in text.split() if not w.isascii()) >= 2

    pools = {
        "latin": _Queue(
            _lines(lambda ln: ln.script == "latin" and two_non_ascii_words(ln.text)),
            random.Random(rng.getrandbits(64)),
        ),
        "cyrillic": _Queue(
            _lines(lambda ln: ln.script == "cyrillic" and two_non_ascii_words(ln.text)),
            random.Random(rng.getrandbits(64)),
        ),
    }
    counts = corpus._split(n, [share for *_, share in MIXED_VARIANTS])
    out = []
    for (variant, codec, pool, _), k in zip(MIXED_VARIANTS, counts):
        kept = 0
        while kept < k:
            ln = pools[pool].draw()
            if ln is None:
                stats["pool-exhausted"] += 1
                break
            stats["drawn"] += 1
            res = _garble_some_words(ln.text, codec, rng)
            if res is None:
                stats["unfit"] += 1
                continue
            text, pairs = res
            # Repairable in principle: each garbled word goes back exactly,
            # and the line still has clean non-ASCII text.
            ok = all(encode(g, codec).decode("utf-8") == w for g, w in pairs)
            rest = text
            for g, _ in pairs:
                rest = rest.replace(g, " ")
            if not ok or rest.isascii():
                stats["not-invertible"] += 1
                continue
            out.append(Record("mixed", ln.lang, text, ln.text, variant))
            kept += 1
            stats["kept"] += 1
            stats["kept-" + variant] += 1
    return out


def _cjk(seed: int, cls: str, n: int, stats: Counter, lossy_cap: int) -> tuple[list[Record], list[Record]]:
    codec, langs = CJK[cls]
    rng = _rng(seed, cls)
    own = _Queue(
        _lines(lambda ln: ln.lang in langs and not ln.text.isascii()),
        random.Random(rng.getrandbits(64)),
    )
    other = _Queue(
        _lines(lambda ln: ln.lang not in langs and not ln.text.isascii()),
        random.Random(rng.getrandbits(64)),
    )
    out: list[Record] = []
    lossy: list[Record] = []
    # Own-language lines first, up to 90% of the class; then other
    # languages fill the rest (more than 10% when the own pool runs dry
    # before it yields enough strictly decodable lines).
    quota_own = n - round(n * CJK_OTHER_FRACTION)
    for variant, pool, quota in (("own", own, quota_own), ("other", other, None)):
        want = n if quota is None else quota
        while len(out) < want:
            ln = pool.draw()
            if ln is None:
                stats["exhausted-" + variant] += 1
                break
            stats["drawn-" + variant] += 1
            data = ln.text.encode("utf-8")
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                stats["lossy-" + variant] += 1
                if len(lossy) < lossy_cap:
                    lossy.append(Record("cjk-lossy", ln.lang, data.decode(codec, "replace"), ln.text, cls))
                continue
            if not _fits(text):
                stats["unfit-" + variant] += 1
                continue
            try:
                back = text.encode(codec).decode("utf-8")
            except UnicodeError:
                back = None
            if back != ln.text:
                stats["not-invertible-" + variant] += 1
                continue
            out.append(Record(cls, ln.lang, text, ln.text, variant))
            stats["kept-" + variant] += 1
    for key in ("drawn", "lossy", "unfit", "not-invertible"):
        stats[key] = stats[key + "-own"] + stats[key + "-other"]
    stats["kept"] = len(out)
    return out, lossy


def _single_byte(seed: int, cls: str, n: int, stats: Counter) -> list[Record]:
    source, target, langs = SINGLE_BYTE[cls]
    rng = _rng(seed, cls)
    want = "greek" if source == "cp1253" else "cyrillic" if source == "cp1251" else "latin"
    pool = _Queue(
        _lines(lambda ln: _base(ln.lang) in langs and ln.script == want and not ln.text.isascii()),
        random.Random(rng.getrandbits(64)),
    )
    out = []
    while len(out) < n:
        ln = pool.draw()
        if ln is None:
            stats["pool-exhausted"] += 1
            break
        stats["drawn"] += 1
        try:
            data = ln.text.encode(source)
        except UnicodeEncodeError:
            stats["unencodable"] += 1
            continue
        text = decode(data, target)
        if text == ln.text:
            stats["unchanged"] += 1
            continue
        if not _fits(text):
            stats["unfit"] += 1
            continue
        try:
            back = encode(text, target).decode(source)
        except UnicodeError:
            back = None
        if back != ln.text:
            stats["not-invertible"] += 1
            continue
        out.append(Record(cls, ln.lang, text, ln.text))
        stats["kept"] += 1
    return out


def _legacy(seed: int, cls: str, n: int, stats: Counter) -> list[Record]:
    """A ``legacy-*`` or ``utf8-as-*`` class: lines of its languages
    encoded with the source charset (strict; a line it cannot encode is
    counted as ``unencodable``) and decoded with the codec they are read
    with (strict; ``undecodable``), kept when the garbling can be undone."""
    source, target, langs = LEGACY[cls]
    rng = _rng(seed, cls)
    pool = _Queue(
        _lines(
            lambda ln: (ln.lang in langs or _base(ln.lang) in langs)
            and not ln.text.isascii()
            and (ln.script == "cyrillic" or source != "utf-8" or langs != _CYRILLIC)
        ),
        random.Random(rng.getrandbits(64)),
    )
    out = []
    while len(out) < n:
        ln = pool.draw()
        if ln is None:
            stats["pool-exhausted"] += 1
            break
        stats["drawn"] += 1
        try:
            data = ln.text.encode(source)
        except UnicodeEncodeError:
            stats["unencodable"] += 1
            continue
        try:
            text = decode(data, target)
        except UnicodeDecodeError:
            stats["undecodable"] += 1
            continue
        if text == ln.text:
            stats["unchanged"] += 1
            continue
        if not _fits(text):
            stats["unfit"] += 1
            continue
        try:
            back = encode(text, target).decode(source)
        except UnicodeError:
            back = None
        if back != ln.text:
            stats["not-invertible"] += 1
            continue
        out.append(Record(cls, ln.lang, text, ln.text))
        stats["kept"] += 1
    return out


def _is_thin_punctuation(ch: str) -> bool:
    """General Punctuation and the symbol blocks after it (dashes, quotes,
    bullets, arrows, mathematical operators, ...): what a thin-cp437 line
    may garble."""
    cp = ord(ch)
    return (0x2010 <= cp <= 0x2BFF or 0x1F000 <= cp <= 0x1FAFF) and corpus.unicodedata.category(ch)[0] in "PS"


def _insert_symbol(text: str, rng: random.Random) -> tuple[str, int]:
    """``text`` with a symbol of THIN_SYMBOLS inserted at the start or after
    a space, set off by a space; returns the line and the symbol's index."""
    sym = rng.choice(THIN_SYMBOLS)
    starts = [0] + [m.end() for m in re.finditer(" ", text)]
    at = rng.choice(starts)
    return text[:at] + sym + " " + text[at:], at


def _thin(seed: int, cls: str, n: int, stats: Counter) -> list[Record]:
    """A ``thin-*`` class: one character of a clean Latin-script line garbled,
    everything else left as it is (see the module docs)."""
    target = THIN[cls]
    rng = _rng(seed, cls)
    if cls == "thin-1252-as-1250":
        langs = _THIN_1250_LANGS

        def fits_pool(ln: corpus.Line) -> bool:
            return _base(ln.lang) in langs and ln.script == "latin" and sum(not c.isascii() for c in ln.text) == 1
    elif cls == "thin-1252-letter":

        def fits_pool(ln: corpus.Line) -> bool:
            na = [c for c in ln.text if not c.isascii()]
            return ln.script == "latin" and len(na) == 1 and "\u00c0" <= na[0] <= "\u00ff" and na[0] not in "\u00d7\u00f7"
    elif cls == "thin-1252-symbol":

        def fits_pool(ln: corpus.Line) -> bool:
            return ln.script == "latin" and len(ln.text.split()) >= 2
    else:

        def fits_pool(ln: corpus.Line) -> bool:
            return ln.script == "latin" and any(_is_thin_punctuation(c) for c in ln.text)

    pool = _Queue(_lines(fits_pool), random.Random(rng.getrandbits(64)))
    # thin-cp437: some lines get a symbol inserted instead (from a pool of
    # their own, so that the two variants draw different lines).
    plain = _Queue(
        _lines(lambda ln: ln.script == "latin" and len(ln.text.split()) >= 2) if cls == "thin-cp437" else [],
        random.Random(rng.getrandbits(64)),
    )
    n_inserted = round(n * THIN_CP437_INSERTED) if cls == "thin-cp437" else 0
    out = []
    while len(out) < n:
        inserted = cls == "thin-1252-symbol" or len(out) < n_inserted
        ln = (plain if cls == "thin-cp437" and inserted else pool).draw()
        if ln is None:
            stats["pool-exhausted"] += 1
            break
        stats["drawn"] += 1
        text = ln.text
        if inserted:
            text, at = _insert_symbol(text, rng)
            variant = "inserted"
        elif cls in ("thin-1252-letter", "thin-1252-as-1250"):
            at = next(i for i, c in enumerate(text) if not c.isascii())
            variant = "capital" if text[at].isupper() else "small"
        else:
            at = rng.choice([i for i, c in enumerate(text) if _is_thin_punctuation(c)])
            variant = "found"
        ch = text[at]
        try:
            data = ch.encode("cp1252" if cls == "thin-1252-as-1250" else "utf-8")
            garbled = decode(data, target)
        except UnicodeError:
            stats["unencodable"] += 1
            continue
        if garbled == ch:
            stats["unchanged"] += 1
            continue
        if not _fits(garbled):
            stats["unfit"] += 1
            continue
        line = text[:at] + garbled + text[at + 1 :]
        try:
            back = encode(garbled, target).decode("cp1252" if cls == "thin-1252-as-1250" else "utf-8")
        except UnicodeError:
            back = None
        if back != ch:
            stats["not-invertible"] += 1
            continue
        out.append(Record(cls, ln.lang, line, text, variant))
        stats["kept"] += 1
        stats["kept-" + variant] += 1
    return out


def _known_failures(stats: Counter) -> list[Record]:
    with open(KNOWN_FAILURES_FILE, encoding="utf-8") as f:
        cases = json.load(f)
    out = []
    for case in cases:
        out.append(Record("known-failures", "", case["original"], case["fixed"], case.get("label", "")))
        stats["kept"] += 1
    return out


def _clean(seed: int, n: int, stats: Counter) -> list[Record]:
    rng = _rng(seed, "clean")
    pool = _Queue(corpus.load_lines(), rng)
    out = []
    langs = set()
    while len(out) < n:
        ln = pool.draw()
        if ln is None:
            stats["pool-exhausted"] += 1
            break
        out.append(Record("clean", ln.lang, ln.text, ln.text, ln.script, source=ln.text))
        langs.add(ln.lang)
    stats["kept"] = len(out)
    stats["languages"] = len(langs)
    for rec in out:
        stats["script-" + rec.variant] += 1
    return out


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|\\)")


def read_tricky_file(path: Path = TRICKY_FILE) -> list[str]:
    """The lines of tricky-clean.txt: ``#`` lines and blank lines skipped,
    ``\\uXXXX``, ``\\UXXXXXXXX``, ``\\xXX`` and ``\\\\`` decoded."""
    out = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            line = _ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), line)
            out.append(line)
    return out


def _tricky(seed: int, per_lang: int, stats: Counter) -> list[Record]:
    out = []
    for line in read_tricky_file():
        out.append(Record("tricky-clean", "", line, line, "hand-written"))
        stats["hand-written"] += 1
    rng = _rng(seed, "tricky-clean")
    for lang in TRICKY_LANGS:
        lines = _lines(lambda ln: _base(ln.lang) == lang and ln.script == "latin" and not ln.text.isascii())
        rng.shuffle(lines)
        k = 0
        for ln in lines:
            if k >= per_lang:
                break
            up = corpus.unicodedata.normalize("NFC", ln.text.upper())
            # Only lines that upper-casing changes and that keep non-ASCII
            # capitals.
            if up.isascii() or up == ln.text or not _fits(up):
                continue
            out.append(Record("tricky-clean", ln.lang, up, up, "upper-" + lang, source=ln.text))
            k += 1
        stats["upper-" + lang] += k
    stats["kept"] = len(out)
    return out


def generate(
    seed: int = DEFAULT_SEED,
    per_class: int = 1000,
    clean_size: int = 100_000,
    tricky_per_lang: int = 60,
    lossy_per_codec: int = 250,
) -> EvalSet:
    """The whole evaluation set; records grouped by class in CLASSES order."""
    stats: dict[str, Counter] = {c: Counter() for c in CLASSES}
    by_class: dict[str, list[Record]] = {c: [] for c in CLASSES}
    by_class["mixed"] = _mixed(seed, per_class, stats["mixed"])
    for cls in CJK:
        recs, lossy = _cjk(seed, cls, per_class, stats[cls], lossy_per_codec)
        by_class[cls] = recs
        by_class["cjk-lossy"] += lossy
    stats["cjk-lossy"]["kept"] = len(by_class["cjk-lossy"])
    for cls in SINGLE_BYTE:
        by_class[cls] = _single_byte(seed, cls, per_class, stats[cls])
    for cls in LEGACY:
        by_class[cls] = _legacy(seed, cls, per_class, stats[cls])
    for cls in THIN:
        by_class[cls] = _thin(seed, cls, per_class, stats[cls])
    by_class["known-failures"] = _known_failures(stats["known-failures"])
    by_class["clean"] = _clean(seed, clean_size, stats["clean"])
    by_class["tricky-clean"] = _tricky(seed, tricky_per_lang, stats["tricky-clean"])
    records = [rec for c in CLASSES for rec in by_class[c]]
    return EvalSet(seed, records, stats)


def is_clean_class(cls: str) -> bool:
    return cls in CLEAN_CLASSES


def record_dict(rec: Record) -> dict:
    d = asdict(rec)
    d["class"] = d.pop("cls")
    return d


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--per-class", type=int, default=1000)
    ap.add_argument("--clean", type=int, default=100_000)
    ap.add_argument("--cache-dir", help="keep the extracted catalogue lines here between runs")
    args = ap.parse_args(argv)
    corpus.CACHE_DIR = args.cache_dir
    ev = generate(args.seed, args.per_class, args.clean)
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")  # type: ignore[attr-defined]
    for rec in ev.records:
        out.write(json.dumps(record_dict(rec), ensure_ascii=False) + "\n")
    for cls in CLASSES:
        print("%s: %s" % (cls, dict(sorted(ev.stats[cls].items()))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
