"""ftfy's individual fixers, under ftfy's names.

>>> uncurl_quotes("“quoted”")
'"quoted"'
"""

from __future__ import annotations

from . import _native


def _text_fixer(name: str, doc: str):  # type: ignore[no-untyped-def]
    def fixer(text: str) -> str:
        return _native.apply_fixer(name, text)

    fixer.__name__ = fixer.__qualname__ = name
    fixer.__doc__ = doc
    return fixer


unescape_html = _text_fixer("unescape_html", "Decode HTML entities and character references.")
remove_terminal_escapes = _text_fixer("remove_terminal_escapes", "Strip ANSI terminal escapes.")
decode_inconsistent_utf8 = _text_fixer(
    "decode_inconsistent_utf8", "Repair UTF-8 mojibake fragments inside other text."
)
fix_c1_controls = _text_fixer("fix_c1_controls", "Replace C1 controls with their Windows-1252 characters.")
fix_latin_ligatures = _text_fixer("fix_latin_ligatures", "Replace Latin ligatures with their letters.")
fix_character_width = _text_fixer("fix_character_width", "Replace fullwidth and halfwidth forms.")
uncurl_quotes = _text_fixer("uncurl_quotes", "Replace curly quotes with ASCII quotes.")
fix_line_breaks = _text_fixer("fix_line_breaks", "Turn CRLF, CR, U+2028, U+2029 and U+0085 into \\n.")
remove_control_chars = _text_fixer("remove_control_chars", "Delete control characters that have no use in text.")
remove_bom = _text_fixer("remove_bom", "Remove byte-order marks at the start.")
decode_escapes = _text_fixer("decode_escapes", "Decode Python-style backslash escapes.")


def fix_surrogates(text: str) -> str:
    """Join UTF-16 surrogate pairs and replace lone surrogates with U+FFFD.

    >>> fix_surrogates("\\ud83d\\ude00") == "\\U0001f600"
    True
    """
    from . import _fix_surrogates

    return _fix_surrogates(text)


def restore_byte_a0(byts: bytes) -> bytes:
    """Where a space stands for a lost byte A0 inside UTF-8, put A0 back."""
    return _native.apply_byte_fixer("restore_byte_a0", byts)


def replace_lossy_sequences(byts: bytes) -> bytes:
    """Replace UTF-8 sequences that lost bytes to U+FFFD or ``?`` with one U+FFFD."""
    return _native.apply_byte_fixer("replace_lossy_sequences", byts)


FIXERS = {
    "unescape_html": unescape_html,
    "remove_terminal_escapes": remove_terminal_escapes,
    "restore_byte_a0": restore_byte_a0,
    "replace_lossy_sequences": replace_lossy_sequences,
    "decode_inconsistent_utf8": decode_inconsistent_utf8,
    "fix_c1_controls": fix_c1_controls,
    "fix_latin_ligatures": fix_latin_ligatures,
    "fix_character_width": fix_character_width,
    "uncurl_quotes": uncurl_quotes,
    "fix_line_breaks": fix_line_breaks,
    "fix_surrogates": fix_surrogates,
    "remove_control_chars": remove_control_chars,
}
