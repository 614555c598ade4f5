"""unmojibake: repair mojibake and normalise text, ftfy's API on a Rust core.

``import unmojibake as ftfy`` runs code written for ftfy 6.3.1. On top of
ftfy's API:

- :func:`fix_texts` repairs a whole column (a list, any iterable of ``str``,
  or an Arrow array) on a thread pool with the GIL released;
- :mod:`unmojibake.polars` and :mod:`unmojibake.spark` bring it into
  DataFrames;
- :func:`fix_bytes` decodes and repairs bytes of unknown encoding.

The deliberate differences from ftfy are listed in the project's README.
"""

from __future__ import annotations

import re
import unicodedata
from typing import IO, Any, Iterable, Iterator, NamedTuple

from . import _native
from ._batch import fix_texts
from ._config import DEFAULT_CONFIG, DEFAULT_FIXER, TextFixerConfig, fixer_for, resolve

__all__ = [
    "ExplainedText",
    "ExplanationStep",
    "TextFixerConfig",
    "apply_plan",
    "explain_unicode",
    "fix_and_explain",
    "fix_bytes",
    "fix_encoding",
    "fix_encoding_and_explain",
    "fix_file",
    "fix_text",
    "fix_text_segment",
    "fix_texts",
    "ftfy",
    "guess_bytes",
]

__version__ = "0.1.0"


class ExplanationStep(NamedTuple):
    """One step of a plan: ``(action, parameter)``, e.g. ``('encode', 'latin-1')``."""

    action: str
    parameter: str

    def __repr__(self) -> str:
        return repr(tuple(self))


class ExplainedText(NamedTuple):
    """Fixed text and the plan that produced it (``None`` when not asked for)."""

    text: str
    explanation: list[ExplanationStep] | None

    def __repr__(self) -> str:
        return repr(tuple(self))


def _fixer(config: TextFixerConfig | None, kwargs: dict[str, Any]) -> _native.Fixer:
    if config is None and not kwargs:
        return DEFAULT_FIXER
    return fixer_for(resolve(config, kwargs))


# ---- lone surrogates ---------------------------------------------------
# A Python str can hold lone surrogates, which the Rust core cannot take.
# ftfy's `fix_surrogates` joins pairs and turns lone ones into U+FFFD; with it
# on (the default), that runs first and the rest of the text is repaired as
# usual. With it off, the text between surrogates is repaired and the
# surrogates are kept as they are, as ftfy keeps them.

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]+")


def _fix_surrogates(text: str) -> str:
    text = _SURROGATE_PAIR.sub(
        lambda m: chr(0x10000 + ((ord(m[0][0]) - 0xD800) << 10) + (ord(m[0][1]) - 0xDC00)),
        text,
    )
    return _SURROGATES.sub(lambda m: "\ufffd" * len(m[0]), text)


def _has_surrogates(text: Any) -> bool:
    return isinstance(text, str) and _SURROGATES.search(text) is not None


def _around_surrogates(fix: Any, text: str) -> str:
    pieces = _SURROGATES.split(text)
    kept = _SURROGATES.findall(text)
    out = [fix(pieces[0])]
    for sur, piece in zip(kept, pieces[1:]):
        out.append(sur)
        out.append(fix(piece))
    return "".join(out)


def _text_call(method: str, fixer: _native.Fixer, config: TextFixerConfig | None, text: Any) -> Any:
    call = getattr(fixer, method)
    try:
        return call(text)
    except UnicodeEncodeError:
        if not _has_surrogates(text):
            raise
        if (config or DEFAULT_CONFIG).fix_surrogates:
            return call(_fix_surrogates(text))
        return _around_surrogates(call, text)


# ---- ftfy's API ---------------------------------------------------------


def fix_text(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Repair mojibake and normalise ``text`` line by line, as ftfy's ``fix_text``.

    >>> fix_text("CafÃ© &amp; Hereâ€™s")
    "Café & Here's"
    """
    if config is None and not kwargs:
        try:
            return DEFAULT_FIXER.fix_text(text)
        except UnicodeEncodeError:
            pass
    config = resolve(config, kwargs)
    return _text_call("fix_text", fixer_for(config), config, text)


def fix_text_segment(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Repair ``text`` as one segment (no splitting into lines), as ftfy's
    ``fix_text_segment``."""
    config = resolve(config, kwargs)
    return _text_call("fix_segment", fixer_for(config), config, text)


def fix_encoding(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Only the mojibake repair, as ftfy's ``fix_encoding``.

    >>> fix_encoding("“CafÃ©”")
    '“Café”'
    """
    config = resolve(config, kwargs)
    return _text_call("fix_encoding", fixer_for(config), config, text)


def _explained(result: tuple[str, list[tuple[str, str]]], explain: bool) -> ExplainedText:
    text, steps = result
    if not explain:
        return ExplainedText(text, None)
    return ExplainedText(text, [ExplanationStep(a, p) for a, p in steps])


def _explain_call(method: str, text: Any, config: TextFixerConfig) -> ExplainedText:
    fixer = fixer_for(config)
    call = getattr(fixer, method)
    try:
        return _explained(call(text), config.explain)
    except UnicodeEncodeError:
        if not _has_surrogates(text):
            raise
    if config.fix_surrogates:
        repaired = _fix_surrogates(text)
        fixed, steps = call(repaired)
        return _explained((fixed, [("apply", "fix_surrogates"), *steps]), config.explain)
    fixed = _around_surrogates(lambda piece: call(piece)[0], text)
    return _explained((fixed, []), config.explain)


def fix_and_explain(text: str, config: TextFixerConfig | None = None, **kwargs: Any) -> ExplainedText:
    """Repair ``text`` as one segment and explain how: ``(text, plan)``.

    >>> fix_and_explain("CafÃ©")
    ('Café', [('encode', 'latin-1'), ('decode', 'utf-8')])
    """
    config = resolve(config, kwargs)
    return _explain_call("fix_and_explain", text, config)


def fix_encoding_and_explain(
    text: str, config: TextFixerConfig | None = None, **kwargs: Any
) -> ExplainedText:
    """Only the mojibake repair, with its plan."""
    config = resolve(config, kwargs)
    return _explain_call("fix_encoding_and_explain", text, config)


def apply_plan(text: str, plan: Iterable[tuple[str, str]]) -> str:
    """Replay a plan from :func:`fix_and_explain` on ``text``.

    >>> apply_plan("CafÃ©", [("encode", "latin-1"), ("decode", "utf-8")])
    'Café'
    """
    steps = [(str(a), str(p)) for a, p in plan]
    while steps and _has_surrogates(text) and steps[0] == ("apply", "fix_surrogates"):
        text = _fix_surrogates(text)
        steps = steps[1:]
    return DEFAULT_FIXER.apply_plan(text, steps)


def fix_bytes(data: bytes, config: TextFixerConfig | None = None, **kwargs: Any) -> str:
    """Decode bytes of unknown encoding and repair them (beyond ftfy).

    UTF-8 (also CESU-8 / Java's modified UTF-8) is used when the bytes are
    that; otherwise the charset is detected; no byte is lost.

    >>> fix_bytes("CafÃ©".encode("utf-8"))
    'Café'
    """
    if isinstance(data, str):
        raise TypeError("fix_bytes expects bytes; use fix_text for str")
    return _fixer(config, kwargs).fix_bytes(bytes(data))


def guess_bytes(bstring: bytes) -> tuple[str, str]:
    """ftfy's ``guess_bytes``: decode bytes as UTF-16 (with a BOM), UTF-8,
    MacRoman (CR line breaks and no LF) or sloppy Windows-1252, and say which.

    >>> guess_bytes("Noël".encode("utf-8"))
    ('Noël', 'utf-8')
    """
    if isinstance(bstring, str):
        raise UnicodeError(
            "This string has already been decoded, so it cannot be guessed. "
            "Use fix_text on it instead."
        )
    data = bytes(bstring)
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16"), "utf-16"
    byteset = set(data)
    try:
        if 0xED in byteset or 0xC0 in byteset:
            return _native.decode(data, "utf-8-variants"), "utf-8-variants"
        return data.decode("utf-8"), "utf-8"
    except (UnicodeDecodeError, ValueError):
        pass
    if 0x0D in byteset and 0x0A not in byteset:
        return _native.decode(data, "macroman"), "macroman"
    return _native.decode(data, "sloppy-windows-1252"), "sloppy-windows-1252"


def fix_file(
    input_file: IO[str] | IO[bytes],
    encoding: str | None = None,
    config: TextFixerConfig | None = None,
    **kwargs: Any,
) -> Iterator[str]:
    """Yield the fixed lines of an open file, as ftfy's ``fix_file``. Byte
    lines are decoded with ``encoding``, or guessed from the first line."""
    config = resolve(config, kwargs)
    fixer = fixer_for(config)
    for line in input_file:
        if isinstance(line, (bytes, bytearray)):
            if encoding is None:
                line, encoding = guess_bytes(line)
            else:
                line = line.decode(encoding)
        if config.unescape_html == "auto" and "<" in line:
            config = config._replace(unescape_html=False)
            fixer = fixer_for(config)
        yield _text_call("fix_segment", fixer, config, line)


def explain_unicode(text: str) -> None:
    """Print each character of ``text`` with its code point, category and name."""
    for char in text:
        display = char if char.isprintable() else char.encode("unicode-escape").decode("ascii")
        name = unicodedata.name(char, "<unknown>")
        print(f"U+{ord(char):04X}  {display:<7} [{unicodedata.category(char)}] {name}")


ftfy = fix_text

# Importing registers the codecs (sloppy-windows-*, utf-8-variants), as
# importing ftfy does.
from . import bad_codecs as _bad_codecs  # noqa: E402,F401
from . import badness, chardata, fixes  # noqa: E402,F401
