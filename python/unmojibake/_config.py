"""TextFixerConfig, ftfy's configuration, and its resolution into a native fixer."""

from __future__ import annotations

import functools
import warnings
from typing import Any, Literal, NamedTuple

from . import _native

_FORMS = ("NFC", "NFD", "NFKC", "NFKD")


class TextFixerConfig(NamedTuple):
    """ftfy 6.3.1's ``TextFixerConfig``, with the same fields and defaults,
    plus unmojibake's six repairs beyond ftfy (``fix_mixed_lines``,
    ``fix_isolated_words``, ``fix_single_byte_mixups``, ``fix_cjk_mojibake``,
    ``fix_legacy_bytes``, ``fix_lone_sequences``; all on by default). ``fix_mixed_lines=False``
    leaves the isolated-word repair on; it has its own switch,
    ``fix_isolated_words``.

    Change fields with ``config._replace(...)`` or keyword arguments to any
    ``fix_*`` function. The keyword ``beyond_ftfy=False`` switches the six
    extra repairs off at once, which gives ftfy's pipeline exactly.
    """

    unescape_html: str | bool = "auto"
    remove_terminal_escapes: bool = True
    fix_encoding: bool = True
    restore_byte_a0: bool = True
    replace_lossy_sequences: bool = True
    decode_inconsistent_utf8: bool = True
    fix_c1_controls: bool = True
    fix_latin_ligatures: bool = True
    fix_character_width: bool = True
    uncurl_quotes: bool = True
    fix_line_breaks: bool = True
    fix_surrogates: bool = True
    remove_control_chars: bool = True
    normalization: Literal["NFC", "NFD", "NFKC", "NFKD"] | None = "NFC"
    max_decode_length: int = 1000000
    explain: bool = True
    fix_mixed_lines: bool = True
    fix_isolated_words: bool = True
    fix_single_byte_mixups: bool = True
    fix_cjk_mojibake: bool = True
    fix_legacy_bytes: bool = True
    fix_lone_sequences: bool = True


_BOOL_FIELDS = tuple(
    name
    for name in TextFixerConfig._fields
    if name not in ("unescape_html", "normalization", "max_decode_length")
)
_BEYOND = (
    "fix_mixed_lines",
    "fix_isolated_words",
    "fix_single_byte_mixups",
    "fix_cjk_mojibake",
    "fix_legacy_bytes",
    "fix_lone_sequences",
)


def _check_bool(name: str, value: Any) -> bool:
    # ftfy reads these by truthiness; accept bools and 0/1, reject the rest
    # (a string such as "no" would silently mean True).
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"{name} must be True or False, not {value!r}")


def _validate(config: TextFixerConfig) -> dict[str, Any]:
    """The native Fixer's arguments for ``config``, or ValueError naming the
    field that is wrong."""
    if not isinstance(config, TextFixerConfig):
        raise TypeError(
            f"config must be an unmojibake.TextFixerConfig, not {type(config).__name__}"
        )
    args: dict[str, Any] = {}
    html = config.unescape_html
    if html == "auto" and isinstance(html, str):
        args["unescape_html"] = "auto"
    elif html is True or html is False or (isinstance(html, int) and html in (0, 1)):
        args["unescape_html"] = "always" if html else "never"
    else:
        raise ValueError(f"unescape_html must be 'auto', True or False, not {html!r}")
    for name in _BOOL_FIELDS:
        if name == "explain":
            _check_bool(name, config.explain)
            continue
        args[name] = _check_bool(name, getattr(config, name))
    form = config.normalization
    if form is not None and (not isinstance(form, str) or form.upper() not in _FORMS):
        raise ValueError(f"normalization must be 'NFC', 'NFD', 'NFKC', 'NFKD' or None, not {form!r}")
    args["normalization"] = form.upper() if form is not None else None
    length = config.max_decode_length
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValueError(f"max_decode_length must be a positive integer, not {length!r}")
    args["max_decode_length"] = length
    return args


@functools.lru_cache(maxsize=64)
def fixer_for(config: TextFixerConfig) -> _native.Fixer:
    """The native fixer for a (validated) configuration, cached."""
    return _native.Fixer(**_validate(config))


DEFAULT_CONFIG = TextFixerConfig()
DEFAULT_FIXER = fixer_for(DEFAULT_CONFIG)


def resolve(config: TextFixerConfig | None, kwargs: dict[str, Any], *, explain: bool | None = None) -> TextFixerConfig:
    """ftfy's rule: start from ``config`` (or the default), then apply the
    keyword overrides. ``fix_entities`` is ftfy's deprecated name for
    ``unescape_html``; ``beyond_ftfy`` sets the six extra repairs."""
    if config is None:
        config = DEFAULT_CONFIG
    elif not isinstance(config, TextFixerConfig):
        raise TypeError(
            f"config must be an unmojibake.TextFixerConfig, not {type(config).__name__}"
        )
    if kwargs:
        kwargs = dict(kwargs)
        if "fix_entities" in kwargs:
            warnings.warn(
                "`fix_entities` has been renamed to `unescape_html`",
                DeprecationWarning,
                stacklevel=3,
            )
            kwargs["unescape_html"] = kwargs.pop("fix_entities")
        if "beyond_ftfy" in kwargs:
            on = _check_bool("beyond_ftfy", kwargs.pop("beyond_ftfy"))
            for name in _BEYOND:
                kwargs.setdefault(name, on)
        unknown = sorted(set(kwargs) - set(TextFixerConfig._fields))
        if unknown:
            raise ValueError(f"unknown TextFixerConfig field(s): {', '.join(unknown)}")
        config = config._replace(**kwargs)
    if explain is not None and config.explain != explain:
        config = config._replace(explain=explain)
    return config
