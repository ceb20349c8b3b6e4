"""CSV cells that a spreadsheet will not run as formulas (CSV injection, CWE-1236).

Article text is untrusted: a headline or a quoted sentence starting with ``=HYPERLINK(...)`` or
``@SUM(...)`` becomes a live formula when an analyst opens an exported CSV in Excel, LibreOffice
or Google Sheets. Every CSV writer of eventwire passes its text cells through :func:`cell`.

Rule (OWASP, "CSV Injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
(0x09) or a carriage return (0x0D) gets a leading apostrophe, which spreadsheets show as text and
do not evaluate. Numbers (``int``, ``float``) are written as they are, so a score of -2.5 stays a
number; quoting of commas and quotes is the ``csv`` module's job.
"""

from __future__ import annotations

from typing import Any, Iterable

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """One CSV cell made safe: a string starting with a formula character gets a leading ``'``.

    Args:
        value: any cell value; only ``str`` values are changed.

    Returns:
        The value, prefixed with ``'`` when it is a string starting with one of
        :data:`FORMULA_STARTS`; ``None`` becomes the empty string.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`cell` (for ``csv.writer``)."""
    return [cell(v) for v in values]


def dict_row(values: dict[str, Any]) -> dict[str, Any]:
    """Every value of a dict row through :func:`cell` (for ``csv.DictWriter``)."""
    return {k: cell(v) for k, v in values.items()}
