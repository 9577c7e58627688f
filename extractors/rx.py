"""The ``regex`` module behind a compiled-pattern cache.

Extractors write patterns inline, next to the rule they implement; ``regex``'s own cache
lookup costs more than the matching on short lines (a third of extraction time was spent
there). Same names and signatures as the subset of ``regex`` the extractors use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import regex

IGNORECASE = regex.IGNORECASE
MULTILINE = M = regex.MULTILINE
Match = regex.Match
Pattern = regex.Pattern


@lru_cache(maxsize=1024)
def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def sub(pattern: str, repl: str | Callable[[Any], str], string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def match(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def search(pattern: str, string: str, flags: int = 0) -> regex.Match[str] | None:
    return compile(pattern, flags).search(string)


def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[str]:
    return compile(pattern, flags).split(string, maxsplit)


def finditer(pattern: str, string: str, flags: int = 0) -> Iterator[regex.Match[str]]:
    return compile(pattern, flags).finditer(string)


def escape(text: str) -> str:
    return regex.escape(text)
