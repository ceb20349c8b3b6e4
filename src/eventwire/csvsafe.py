"""CSV cells a spreadsheet will not run as formulas (CSV injection, CWE-1236).

Article text is untrusted: a headline or quoted sentence such as ``=HYPERLINK("http://x", "a")``
or ``@SUM(A1)`` becomes a live formula when an analyst opens an exported CSV in Excel,
LibreOffice or Google Sheets. Every CSV writer of eventwire (``export -f csv``, ``events -f
csv``, ``extract -f csv``) passes each cell through :func:`neutralise`; docs/record.md ("CSV")
documents the rule.

Rule (OWASP, "CSV Injection"): a text cell whose first character is ``=``, ``+``, ``-``, ``@``,
a tab (0x09) or a carriage return (0x0D) — so also a tab or CR followed by one of the others —
gets a leading apostrophe ``'``, which spreadsheets show as text and do not evaluate. Numbers
(``int``, ``float``) are written as they are, so a score of -2.5 stays a number; quoting commas,
quotes and line breaks is the ``csv`` module's job.
"""

from __future__ import annotations

from typing import Any

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """One CSV cell as text a spreadsheet shows and does not evaluate.

    Args:
        value: any cell value. ``None`` is the empty string; ``int``/``float`` (not ``bool``)
            are written as numbers, unchanged; anything else is ``str(value)``.

    Returns:
        The cell text, with a leading ``'`` when it starts with one of :data:`FORMULA_STARTS`.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
