"""Run ftfy 6.3.1's own test suite against unmojibake.

    python tests/ftfy_suite/run.py [pytest args...]

Fetches ftfy's source distribution from PyPI with pip (once; it is kept in
``python/.cache/``, which git ignores), and runs the ``tests/`` it ships with
``ftfy`` swapped for ``unmojibake`` by the ``ftfy_shim`` plugin beside this
file. ftfy's code is never imported and never committed here. The CLI tests
call an ``ftfy`` command: a stub on ``PATH`` that runs ``unmojibake.cli``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

VERSION = "6.3.1"
HERE = Path(__file__).resolve().parent
CACHE = HERE.parent.parent / ".cache"
SDIST = CACHE / f"ftfy-{VERSION}.tar.gz"
TREE = CACHE / f"ftfy-{VERSION}"


def fetch() -> Path:
    if not SDIST.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", f"ftfy=={VERSION}", "-d", str(CACHE)],
            check=True,
        )
    if not (TREE / "tests").is_dir():
        with tarfile.open(SDIST) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith(f"ftfy-{VERSION}/tests/")]
            tar.extractall(CACHE, members=members, filter="data")
    return TREE / "tests"


def main() -> int:
    tests = fetch()
    bindir = CACHE / "bin"
    bindir.mkdir(parents=True, exist_ok=True)
    stub = bindir / "ftfy"
    stub.write_text(
        f"#!{sys.executable}\nfrom unmojibake.cli import main\nmain(prog='ftfy')\n",
        encoding="utf-8",
    )
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    env = dict(os.environ)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{HERE}{os.pathsep}{env.get('PYTHONPATH', '')}"
    cmd = [
        sys.executable, "-m", "pytest", "-p", "ftfy_shim",
        # ftfy's pytest.ini adds --doctest-modules for ftfy's own modules,
        # which are not here; and tests/ is not run as a package.
        "-o", "addopts=", "--rootdir", str(tests), "-c", os.devnull,
        "-p", "no:cacheprovider", str(tests), *sys.argv[1:],
    ]
    return subprocess.run(cmd, env=env, cwd=tests).returncode


if __name__ == "__main__":
    sys.exit(main())
