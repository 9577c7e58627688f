"""Values written into a spreadsheet or a CSV file: extracted text is untrusted, and a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula (or becomes one)
in Excel and LibreOffice (OWASP, "CSV Injection"). Every such value is written as text."""

from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula."""
    return value.startswith(FORMULA_LEADS)


def csv_field(value: str) -> str:
    """``value`` for a CSV field: a formula-like one behind an apostrophe, which spreadsheets read
    as "this is text" (the OWASP rule); any other as it is."""
    return "'" + value if is_formula_like(value) else value
