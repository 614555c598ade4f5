"""ftfy's API on unmojibake: results, plans, configuration, bad input."""

from __future__ import annotations

import io
import warnings

import pytest

import unmojibake
import unmojibake as ftfy
from unmojibake import TextFixerConfig


def test_fix_text_repairs_and_normalises() -> None:
    assert ftfy.fix_text("Hereâ€™s CafÃ© &amp; ÐŸÑ€Ð¸Ð²ÐµÑ‚") == "Here's Café & Привет"
    assert ftfy.ftfy("CafÃ©") == "Café"


def test_clean_text_is_returned_as_the_same_object() -> None:
    text = "clean text, nothing to fix " * 3
    assert ftfy.fix_text(text) is text


def test_keyword_overrides_and_config() -> None:
    assert ftfy.fix_text("Hereâ€™s", uncurl_quotes=False) == "Here’s"
    config = TextFixerConfig(uncurl_quotes=False)
    assert ftfy.fix_text("Hereâ€™s", config) == "Here’s"
    assert ftfy.fix_text("Hereâ€™s", config, uncurl_quotes=True) == "Here's"
    assert ftfy.fix_text("x²", normalization="NFKC") == "x2"
    assert config._replace(normalization=None).normalization is None


def test_config_defaults_match_ftfy() -> None:
    c = TextFixerConfig()
    assert c.unescape_html == "auto"
    assert c.normalization == "NFC"
    assert c.max_decode_length == 1_000_000
    assert c.explain is True
    assert all(getattr(c, f) is True for f in ("fix_encoding", "uncurl_quotes", "fix_surrogates"))
    # Our switches, on by default.
    assert c.fix_mixed_lines and c.fix_isolated_words
    assert c.fix_single_byte_mixups and c.fix_cjk_mojibake
    assert c.fix_legacy_bytes and c.fix_lone_sequences


def test_beyond_ftfy_switches() -> None:
    assert ftfy.fix_text("浣犲ソ涓栫晫") == "你好世界"
    assert ftfy.fix_text("浣犲ソ涓栫晫", fix_cjk_mojibake=False) == "浣犲ソ涓栫晫"
    assert ftfy.fix_text("浣犲ソ涓栫晫", beyond_ftfy=False) == "浣犲ソ涓栫晫"
    legacy = "// ÇÑ±Û µÎ ¹øÂ°"
    assert ftfy.fix_text(legacy) == "// 한글 두 번째"
    assert ftfy.fix_text(legacy, fix_legacy_bytes=False) == legacy
    assert ftfy.fix_text(legacy, beyond_ftfy=False) == legacy
    lone = "// wait \u0393\u00c7\u00f6 this is wrong"
    assert ftfy.fix_text(lone) == "// wait \u2014 this is wrong"
    assert ftfy.fix_text(lone, fix_lone_sequences=False) == lone
    assert ftfy.fix_text(lone, beyond_ftfy=False) == lone


def test_isolated_words_have_their_own_switch() -> None:
    word, fixed = "le mГ©dicament", "le médicament"
    assert ftfy.fix_text(word) == fixed
    # The mixed-line switch leaves the isolated-word repair on.
    assert ftfy.fix_text(word, fix_mixed_lines=False) == fixed
    assert ftfy.fix_text(word, fix_isolated_words=False) == word
    assert ftfy.fix_text(word, beyond_ftfy=False) == word
    assert ftfy.fix_text(word, beyond_ftfy=False, fix_isolated_words=True) == fixed
    alone = "al pi√π presto"
    assert ftfy.fix_text(alone, beyond_ftfy=False) == alone
    assert ftfy.fix_text(alone, beyond_ftfy=False, fix_isolated_words=True) == "al più presto"
    off = TextFixerConfig(fix_isolated_words=False)
    assert ftfy.fix_text(word, off) == word
    assert ftfy.fix_text_segment(word, off) == word
    assert ftfy.fix_encoding(word, off) == word
    assert ftfy.fix_and_explain(word, off) == (word, [])
    assert unmojibake.fix_texts([word], config=off) == [word]
    assert unmojibake.fix_bytes(word.encode(), off) == word
    # The repair's plan is ftfy's encode/decode steps; it replays.
    text, plan = ftfy.fix_and_explain(word)
    assert (text, plan) == (fixed, [("encode", "sloppy-windows-1251"), ("decode", "utf-8")])
    assert ftfy.apply_plan(word, plan) == fixed
    # The mixed-line repair keeps its own switch.
    mixed = "Привет РјРёСЂ и РґСЂСѓРі"
    assert ftfy.fix_text(mixed, off) == "Привет мир и друг"
    assert ftfy.fix_text(mixed, fix_mixed_lines=False) == mixed


def test_fix_and_explain_gives_plans_as_tuples() -> None:
    fixed = ftfy.fix_and_explain("CafÃ©")
    assert fixed == ("Café", [("encode", "latin-1"), ("decode", "utf-8")])
    assert fixed.text == "Café"
    assert fixed.explanation[0].action == "encode"
    assert fixed.explanation[0].parameter == "latin-1"
    assert repr(fixed) == "('Café', [('encode', 'latin-1'), ('decode', 'utf-8')])"
    assert ftfy.apply_plan("CafÃ©", fixed.explanation) == "Café"
    assert ftfy.fix_and_explain("CafÃ©", explain=False) == ("Café", None)


def test_fix_encoding_and_its_plan() -> None:
    assert ftfy.fix_encoding("“CafÃ©”") == "“Café”"
    text, plan = ftfy.fix_encoding_and_explain("Ã¢â‚¬Å“quotedÃ¢â‚¬Â")
    assert ftfy.apply_plan("Ã¢â‚¬Å“quotedÃ¢â‚¬Â", plan) == text
    assert ftfy.fix_encoding_and_explain("CafÃ©", fix_encoding=False) == ("CafÃ©", [])


def test_apply_plan_rejects_bad_plans() -> None:
    with pytest.raises(ValueError, match="explode"):
        ftfy.apply_plan("x", [("explode", "latin-1")])
    with pytest.raises(ValueError):
        ftfy.apply_plan("日本", [("encode", "latin-1"), ("decode", "utf-8")])


def test_fix_text_segment_and_html_stickiness() -> None:
    assert ftfy.fix_text("&amp;\n<b>\n&amp;") == "&\n<b>\n&amp;"
    assert ftfy.fix_text_segment("&amp;\n<b>\n&amp;") == "&amp;\n<b>\n&amp;"


def test_badness() -> None:
    assert unmojibake.badness.is_bad("CafÃ©")
    assert not unmojibake.badness.is_bad("Café")
    assert unmojibake.badness.badness("CafÃ© Ã©") >= 1


def test_guess_bytes() -> None:
    assert ftfy.guess_bytes("Noël".encode("utf-16")) == ("Noël", "utf-16")
    assert ftfy.guess_bytes("Noël".encode("utf-8")) == ("Noël", "utf-8")
    assert ftfy.guess_bytes("Noël".encode("cp1252")) == ("Noël", "sloppy-windows-1252")
    assert ftfy.guess_bytes(b"a\xc0\x80b") == ("a\x00b", "utf-8-variants")
    assert ftfy.guess_bytes("Noël\rx".encode("mac_roman"))[1] == "macroman"


def test_fix_bytes() -> None:
    assert ftfy.fix_bytes("CafÃ©".encode()) == "Café"
    assert ftfy.fix_bytes("Café".encode("cp1252")) == "Café"


def test_fix_file_text_and_bytes() -> None:
    lines = list(ftfy.fix_file(io.StringIO("CafÃ©\n&amp;\n<p>\n&amp;\n")))
    assert lines == ["Café\n", "&\n", "<p>\n", "&amp;\n"]
    assert list(ftfy.fix_file(io.BytesIO("CafÃ©\n".encode()))) == ["Café\n"]


def test_explain_unicode(capsys: pytest.CaptureFixture[str]) -> None:
    ftfy.explain_unicode("é\t")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("U+00E9  é") and "[Ll] LATIN SMALL LETTER E WITH ACUTE" in out[0]
    assert out[1].startswith("U+0009  \\t")


def test_fixes_module() -> None:
    assert ftfy.fixes.uncurl_quotes("“x”") == '"x"'
    assert ftfy.fixes.unescape_html("&eacute;") == "é"
    assert ftfy.fixes.fix_surrogates("\ud83d\ude00") == "\U0001f600"
    assert ftfy.fixes.remove_control_chars("a\x00b") == "ab"
    assert ftfy.fixes.restore_byte_a0(b"\xc3 ") == b"\xc3\xa0 "
    assert set(ftfy.fixes.FIXERS) >= {"unescape_html", "fix_surrogates", "uncurl_quotes"}


def test_codecs_registered() -> None:
    assert b"\x80\x81\x82".decode("sloppy-windows-1252") == "€\x81‚"
    assert "€".encode("sloppy-windows-1252") == b"\x80"
    assert b"\xed\xa0\xbd\xed\xb8\x80".decode("utf-8-variants") == "\U0001f600"
    assert b"\xff".decode("utf-8-variants", "replace") == "\ufffd"
    assert "日".encode("sloppy-windows-1252", "replace") == b"?"
    with pytest.raises(UnicodeEncodeError):
        "日".encode("sloppy-windows-1252")


# ---- bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "fn",
    [ftfy.fix_text, ftfy.fix_text_segment, ftfy.fix_encoding, ftfy.fix_and_explain,
     ftfy.fix_encoding_and_explain],
)
def test_bytes_input_names_the_bytes_functions(fn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="guess_bytes") as err:
        fn("CafÃ©".encode())
    assert "fix_bytes" in str(err.value)


def test_non_str_input_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="int"):
        ftfy.fix_text(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("normalization", "NFX"),
        ("unescape_html", "sometimes"),
        ("max_decode_length", 0),
        ("max_decode_length", "10"),
        ("uncurl_quotes", "no"),
        ("fix_cjk_mojibake", None),
    ],
)
def test_bad_config_values_name_the_field(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        ftfy.fix_text("x", **{field: value})
    with pytest.raises(ValueError, match=field):
        ftfy.fix_text("x", TextFixerConfig()._replace(**{field: value}))


def test_unknown_keyword_is_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="uncurl_quote"):
        ftfy.fix_text("x", uncurl_quote=False)


def test_fix_entities_is_deprecated_but_works() -> None:
    with pytest.warns(DeprecationWarning):
        assert ftfy.fix_text("&amp;", fix_entities=False) == "&amp;"


def test_lone_surrogates_as_ftfy() -> None:
    # Pairs are joined, lone ones become U+FFFD, nothing else is lost, and
    # the rest is repaired.
    assert ftfy.fix_text("\ud83d\ude00 CafÃ© \udc00 end") == "\U0001f600 Café \ufffd end"
    text, plan = ftfy.fix_and_explain("CafÃ©\ud800")
    assert text == "Café\ufffd"
    assert plan[0] == ("apply", "fix_surrogates")
    assert ftfy.apply_plan("CafÃ©\ud800", plan) == text
    # With fix_surrogates off, ftfy keeps them; so does unmojibake.
    assert ftfy.fix_text("CafÃ©\ud800x", fix_surrogates=False) == "Café\ud800x"
    assert ftfy.fix_encoding("CafÃ©\udc00") == "Café\ufffd"
    assert unmojibake.fix_texts(["a\ud800", None, "CafÃ©"]) == ["a\ufffd", None, "Café"]


def test_no_warnings_on_the_default_path() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ftfy.fix_text("CafÃ©")
