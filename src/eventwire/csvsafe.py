"""CSV cells a spreadsheet will not run as formulas (CSV injection, CWE-1236).

Article text is untrusted: a headline or quoted sentence such as ``=HYPERLINK("http://x", "a")``
or ``@SUM(A1)`` becomes a live formula when an analyst opens an exported CSV in Excel,
LibreOffice or Google Sheets. Every CSV writer of eventwire (``export -f csv``, ``events -f
csv``, ``extract -f csv``, the API's ``/api/events.csv``) passes each cell through this module;
docs/record.md ("Untrusted text") documents the rule.

Rule (OWASP, "CSV Injection"): a text cell whose first character is ``=``, ``+``, ``-``, ``@``,
a tab (0x09) or a carriage return (0x0D) — so also a tab or CR followed by one of the others —
gets a leading apostrophe ``'``, which spreadsheets show as text and do not evaluate. Numbers
(``int``, ``float``) are written as they are, so a score of -2.5 stays a number; quoting commas,
quotes and line breaks is the ``csv`` module's job.

Control characters (C0 other than tab, line feed and carriage return; DEL; C1; bidirectional
overrides) are replaced by
U+FFFD, one for one, so a CSV shown in a terminal (``events -f csv``) runs no escape sequence
(ANSI colours, OSC-8 links, window titles) and a sentence keeps its length in characters (its
offsets still point into the article text).

:func:`neutralise` gives the cell as text; :func:`cell`, :func:`row` and :func:`dict_row` apply
the same rule and keep numbers as numbers (for ``csv.writer`` / ``csv.DictWriter``).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters a terminal acts on: C0 but tab, LF, CR; DEL; C1; and the bidirectional overrides
#: and isolates that reorder what is shown (U+202A-202E, U+2066-2069).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def neutralise(value: Any) -> str:
    """One CSV cell as text a spreadsheet shows and does not evaluate.

    Args:
        value: any cell value. ``None`` is the empty string; ``int``/``float`` (not ``bool``)
            are written as numbers, unchanged; anything else is ``str(value)``.

    Returns:
        The cell text, with a leading ``'`` when it starts with one of :data:`FORMULA_STARTS`
        and each :data:`CONTROL` character replaced by U+FFFD.
    """
    if value is None:
        return ""
    if _number(value):
        return str(value)
    text = CONTROL.sub("\ufffd", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> Any:
    """:func:`neutralise`, except that numbers stay numbers (``cell(-2.5) == -2.5``)."""
    return value if _number(value) else neutralise(value)


def row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through :func:`cell` (for ``csv.writer``)."""
    return [cell(v) for v in values]


def dict_row(values: dict[str, Any]) -> dict[str, Any]:
    """Every value of a dict row through :func:`cell` (for ``csv.DictWriter``)."""
    return {k: cell(v) for k, v in values.items()}
