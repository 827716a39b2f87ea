#!/usr/bin/env python3
"""Run linkchecker, parsing each page's HTML once instead of once per link to it.

With its AnchorCheck plugin on, linkchecker treats ``page/#a`` and ``page/#b``
as two URLs (so that each anchor is checked) and downloads and parses the page
with Beautiful Soup for each of them. The handbook's pages are linked with
hundreds of different anchors, so most of linkchecker's time went into parsing
the same few pages again and again (7 minutes for 300 URLs on 2 cores).

This wrapper memoizes linkchecker's ``make_soup`` on the page's bytes: the
same content gives the same parse tree, which linkchecker only reads. Every
URL and every anchor is still requested and checked; only repeated parsing of
identical content is skipped. Arguments and exit codes are linkchecker's own
(``--help`` prints its help). scripts/linkcheck.py runs this file.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

# This folder holds scripts/linkcheck.py, which would shadow the linkcheck package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from linkcheck.command.linkchecker import linkchecker  # noqa: E402
from linkcheck.htmlutil import htmlsoup  # noqa: E402

_parse = htmlsoup.make_soup


@functools.lru_cache(maxsize=128)
def _parse_once(markup: bytes | str, from_encoding: str | None) -> object:
    return _parse(markup, from_encoding)


def make_soup(markup, from_encoding=None):
    if isinstance(markup, (bytes, str)):
        return _parse_once(markup, from_encoding)
    return _parse(markup, from_encoding)


htmlsoup.make_soup = make_soup

if __name__ == "__main__":
    sys.exit(linkchecker())
