#!/usr/bin/env python3
"""Builds the detection samples from Debian's translation catalogues.

Run on a Debian system: python3 extract.py  (writes <lang>.txt beside itself).

For each language, reads the translated strings (msgstr) of the catalogues
/usr/share/locale/<locale>/LC_MESSAGES/<domain>.mo listed in DOMAINS, keeps
those made of letters, digits, spaces and plain punctuation only (no format
strings, markup or mnemonics) that every legacy encoding of the language can
represent, and writes 20 short lines (one message each) and 6 paragraphs
(consecutive messages joined with spaces until long enough: 280 code points,
or 140 for Chinese, Japanese and Korean; messages ending with a full stop,
except in Thai, which does not use one).
"""
import gettext
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOMAINS = ["glib20", "gtk20", "gtk20-properties", "gdk-pixbuf", "PackageKit",
           "apt", "dpkg", "coreutils", "bash", "Linux-PAM", "at-spi2-core",
           "gettext-runtime", "gsettings-desktop-schemas", "avahi", "findutils",
           "diffutils", "grep", "appstream"]

# language: (locale dir, python codecs to check, encoding_rs labels for the test)
LANGS = {
    "fr": ("fr", ["cp1252", "iso8859_15", "mac_roman"], ["windows-1252", "iso-8859-15", "macintosh"]),
    "de": ("de", ["cp1252", "mac_roman"], ["windows-1252", "macintosh"]),
    "es": ("es", ["cp1252", "mac_roman"], ["windows-1252", "macintosh"]),
    "pt": ("pt_BR", ["cp1252", "mac_roman"], ["windows-1252", "macintosh"]),
    "pl": ("pl", ["cp1250", "iso8859_2"], ["windows-1250", "iso-8859-2"]),
    "cs": ("cs", ["cp1250", "iso8859_2"], ["windows-1250", "iso-8859-2"]),
    "hu": ("hu", ["cp1250", "iso8859_2"], ["windows-1250", "iso-8859-2"]),
    "ru": ("ru", ["cp1251", "koi8_r", "iso8859_5", "cp866"], ["windows-1251", "koi8-r", "iso-8859-5", "ibm866"]),
    "uk": ("uk", ["cp1251", "koi8_u"], ["windows-1251", "koi8-u"]),
    "bg": ("bg", ["cp1251", "iso8859_5"], ["windows-1251", "iso-8859-5"]),
    "el": ("el", ["cp1253", "iso8859_7"], ["windows-1253", "iso-8859-7"]),
    "tr": ("tr", ["cp1254", "iso8859_9"], ["windows-1254", "iso-8859-9"]),
    "he": ("he", ["cp1255", "iso8859_8"], ["windows-1255", "iso-8859-8"]),
    "ar": ("ar", ["cp1256", "iso8859_6"], ["windows-1256", "iso-8859-6"]),
    "lt": ("lt", ["cp1257", "iso8859_13"], ["windows-1257", "iso-8859-13"]),
    "lv": ("lv", ["cp1257", "iso8859_13"], ["windows-1257", "iso-8859-13"]),
    "th": ("th", ["cp874"], ["windows-874"]),
    "ja": ("ja", ["cp932", "euc_jp", "iso2022_jp"], ["shift_jis", "euc-jp", "iso-2022-jp"]),
    "zh-hans": ("zh_CN", ["gbk"], ["gbk", "gb18030"]),
    "zh-hant": ("zh_TW", ["big5"], ["big5"]),
    "ko": ("ko", ["euc_kr"], ["euc-kr"]),
}
CJK = {"ja", "zh-hans", "zh-hant", "ko"}
PUNCT = set(" .,;:!?()-'") | set("。、，！？：；（）「」・")


def usable(text, codecs):
    if not text or text != text.strip() or "  " in text:
        return False
    for c in text:
        cat = unicodedata.category(c)
        if not (c in PUNCT or cat[0] in "LMN" and cat != "Nl"):
            return False
        if c.isdigit() and not c.isascii():
            return False
    try:
        for codec in codecs:
            text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def messages(locale):
    seen = set()
    for domain in DOMAINS:
        path = f"/usr/share/locale/{locale}/LC_MESSAGES/{domain}.mo"
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for key in sorted(catalog, key=str):
            msgid = key if isinstance(key, str) else key[0]
            text = unicodedata.normalize("NFC", catalog[key])
            if not msgid or text == msgid or text in seen:
                continue
            seen.add(text)
            yield domain, text


for lang, (locale, codecs, labels) in LANGS.items():
    cjk = lang in CJK
    short, paras, current, used = [], [], [], set()
    for domain, text in messages(locale):
        if not usable(text, codecs) or sum(not c.isascii() for c in text) < 1:
            continue
        if len(short) < 20 and 20 <= len(text) <= 80:
            short.append(text)
            used.add(domain)
        elif len(text) >= (12 if cjk else 25) and (text[-1] in ".。" or lang == "th") and len(paras) < 6:
            current.append(text)
            joined = ("" if cjk else " ").join(current)
            if len(joined) >= (140 if cjk else 280):
                paras.append(joined)
                current = []
            used.add(domain)
        if len(short) >= 20 and len(paras) >= 6:
            break
    with open(os.path.join(HERE, f"{lang}.txt"), "w", encoding="utf-8") as out:
        out.write(f"# {lang}: from /usr/share/locale/{locale}/LC_MESSAGES/ ({', '.join(sorted(used))})\n")
        out.write(f"encodings: {' '.join(labels)}\n[short]\n")
        out.writelines(line + "\n" for line in short)
        out.write("[paragraphs]\n")
        out.writelines(p + "\n" for p in paras)
    print(lang, len(short), len(paras))
