#!/usr/bin/env python3
"""Build the site in strict mode and make every failure name its file.

Runs ``mkdocs build --strict`` with the given arguments and passes its output
through. MkDocs names the page for content problems (the hooks add the line),
but reports a bad setting as ``Config value 'theme': ...`` without saying where
it lives; this script prefixes such lines with the configuration file's name.

Usage: scripts/build.py [--config-file mkdocs.yml] [--site-dir site] [other mkdocs build options]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

_CONFIG_ERROR = re.compile(r"^(?P<level>ERROR|WARNING)\s+-\s+(?P<message>Config value '.*)$")


def annotate(line: str, config_file: str) -> str:
    """Prefix a configuration error line with the configuration file's name."""
    match = _CONFIG_ERROR.match(line)
    if match:
        return f"{match['level']}   -  {config_file}: {match['message']}"
    if line.startswith("ModuleNotFoundError") or line.startswith("Aborted with a configuration error"):
        return f"{config_file}: {line}"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration file (default: mkdocs.yml)")
    args, rest = parser.parse_known_args(argv)
    # Material prints an end-of-life notice on every build; keep the log for problems.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", args.config_file, *rest]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        print(annotate(line.rstrip("\n"), args.config_file), flush=True)
    return process.wait()


if __name__ == "__main__":
    sys.exit(main())
