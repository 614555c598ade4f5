#!/usr/bin/env python3
"""Regenerates mojibake.txt and html.txt from the two clean seed files.

Needs ftfy 6.3.1 (for its sloppy codecs and to keep only lines it repairs):
    .venv-ftfy/bin/python benches/data/make_seeds.py
The output is deterministic; the files are committed, so benches and the
race script never run this.
"""
import html
import html.entities
import os

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-125x)

HERE = os.path.dirname(os.path.abspath(__file__))


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read().splitlines()


def garble(text, *codecs):
    for codec in codecs:
        text = text.encode("utf-8").decode(codec)
    return text


def curly(line):
    out, double, single = [], True, True
    for ch in line:
        if ch == '"':
            out.append("\u201c" if double else "\u201d")
            double = not double
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out)


def has(line, lo, hi):
    return any(lo <= ord(c) <= hi for c in line)


def mojibake_lines():
    ascii_lines = read("clean_ascii.txt")
    multi = read("clean_multilingual.txt")
    sources = []
    for i, line in enumerate(multi):
        if has(line, 0x400, 0x4FF):
            chains = [("sloppy-windows-1251",), ("sloppy-windows-1252",)]
        elif has(line, 0x370, 0x3FF):
            chains = [("sloppy-windows-1253",), ("sloppy-windows-1252",)]
        else:
            chains = [("sloppy-windows-1252",), ("macroman",), ("sloppy-windows-1252", "sloppy-windows-1252")]
        sources.append((line, chains[i % len(chains)]))
    for i, line in enumerate(ascii_lines):
        line = curly(line.replace(" - ", " \u2013 ")) + " \u2014 ok\u2026"
        chains = [("sloppy-windows-1252",), ("macroman",), ("sloppy-windows-1252", "sloppy-windows-1252")]
        sources.append((line, chains[i % len(chains)]))
    out = []
    for line, chain in sources:
        bad = garble(line, *chain)
        if bad != line and ftfy.fix_text(bad) == ftfy.fix_text(line):
            out.append(bad)
    return out


def entity(ch):
    name = html.entities.codepoint2name.get(ord(ch))
    return f"&{name};" if name else f"&#{ord(ch)};"


def html_lines():
    out = []
    for i, line in enumerate(read("clean_multilingual.txt") + read("clean_ascii.txt")):
        line = line.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        if i % 2:
            line = "".join(entity(c) if ord(c) > 127 else c for c in line)
        else:
            line = "".join(f"&#x{ord(c):x};" if ord(c) > 127 else c for c in line)
        if "&" not in line:
            line += " &mdash; &copy;&nbsp;2024"
        out.append(line)
    return out


for name, lines in [("mojibake.txt", mojibake_lines()), ("html.txt", html_lines())]:
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(name, len(lines), "lines")
