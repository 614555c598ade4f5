"""ftfy's command-line interface, on unmojibake: ``python -m unmojibake.cli``.

The same options and messages as ``ftfy`` 6.3.1's CLI (``-o``, ``-g``,
``-e``, ``-n``, ``--preserve-entities``). The Rust ``unmojibake`` binary is
the faster filter; this one exists so that scripts calling ftfy's CLI keep
working.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from . import TextFixerConfig, __version__, fix_file

_DECODE_ERROR = """{prog} error:
This input couldn't be decoded as %r. We got the following error:

    %s

{prog} works best when its input is in a known encoding. You can use `{prog} -g`
to guess, if you're desperate. Otherwise, give the encoding name with the
`-e` option, such as `{prog} -e latin-1`.
"""

_SAME_FILE = """{prog} error:
Can't read and write the same file. Please output to a new file instead.
"""


def main(argv: Sequence[str] | None = None, prog: str = "ftfy") -> None:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=f"{prog} (fixes text for you), unmojibake version {__version__}",
    )
    parser.add_argument("filename", default="-", nargs="?", help="The file whose text to fix.")
    parser.add_argument("-o", "--output", type=str, default="-", help="The file to output to.")
    parser.add_argument("-g", "--guess", action="store_true", help="Guess the input encoding.")
    parser.add_argument("-e", "--encoding", type=str, default="utf-8", help="The input encoding.")
    parser.add_argument("-n", "--normalization", type=str, default="NFC",
                        help='Unicode normalization: NFC, NFD, NFKC, NFKD or "none".')
    parser.add_argument("--preserve-entities", action="store_true",
                        help="Leave HTML entities as they are.")
    args = parser.parse_args(argv)

    encoding = None if args.guess else args.encoding
    if args.filename == "-":
        infile = sys.stdin.buffer
    else:
        infile = open(args.filename, "rb")  # noqa: SIM115
    if args.output == "-":
        outfile = sys.stdout
    else:
        if os.path.realpath(args.output) == os.path.realpath(args.filename):
            sys.stderr.write(_SAME_FILE.format(prog=prog))
            sys.exit(1)
        outfile = open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    normalization = None if args.normalization.lower() == "none" else args.normalization
    config = TextFixerConfig(
        unescape_html=False if args.preserve_entities else "auto",
        normalization=normalization,
    )
    try:
        for line in fix_file(infile, encoding=encoding, config=config):
            outfile.write(line)
    except UnicodeDecodeError as err:
        sys.stderr.write(_DECODE_ERROR.format(prog=prog) % (encoding, err))
        sys.exit(1)
    finally:
        outfile.flush()


if __name__ == "__main__":
    main(prog="unmojibake-py")


def console() -> None:
    """The ``unmojibake-py`` console script."""
    main(prog="unmojibake-py")
