"""Untrusted text made safe to show on a terminal.

Article text, titles, URLs and file names come from outside. Printed as they are they can drive
the terminal: an ESC sequence recolours or clears the screen, an OSC-8 sequence makes a hidden
link, a bidi override reorders what is shown. And rich reads ``[...]`` as markup: ``[/UPDATE]``
raises a MarkupError, ``[link=...]`` makes a clickable link.

:func:`clean` removes terminal escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-character
escapes), then every other C0 control except tab and newline, DEL, every C1 control
(0x80-0x9F), and the bidi embedding, override and isolate characters (U+202A-U+202E,
U+2066-U+2069). :func:`text` wraps the result in a ``rich.text.Text``, which rich never parses
as markup. Every table eventwire prints goes through them (:mod:`eventwire.tables`).
"""

from __future__ import annotations

import re

#: Escape sequences (ECMA-48), in their 7-bit (ESC ...) and 8-bit (C1) forms:
#: CSI ``ESC [ params intermediates final``; OSC/DCS/SOS/PM/APC strings up to BEL or ST
#: (or the end of the text when unterminated); any other ``ESC x`` pair.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?")
#: Characters removed after the sequences: C0 but tab and newline, DEL, C1, bidi controls.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """``value`` as text with no terminal controls (see the module docstring).

    Args:
        value: anything; ``None`` gives the empty string, other values ``str(value)``.

    Returns:
        The text without escape sequences and control characters; tabs and newlines stay.
    """
    if value is None:
        return ""
    s = str(value)
    if s.isprintable():  # the common case: nothing to remove (tab and newline are not printable)
        return s
    return _CONTROLS.sub("", _SEQUENCES.sub("", s))


#: Characters JSON leaves raw (json.dumps escapes C0 itself) that a terminal may act on.
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def json_text(dumped: str) -> str:
    """A ``json.dumps`` result with DEL, C1 and bidi controls written as ``\\uXXXX`` escapes.

    Still valid JSON with the same value (those characters can only occur inside strings), but
    printing it cannot drive a terminal (``json.dumps`` already escapes C0, ESC included).
    """
    return dumped if dumped.isascii() else dumped.translate(_JSON_ESCAPES)


def text(value: object, style: str = ""):
    """:func:`clean` text as a ``rich.text.Text`` (printed literally: no markup, no highlighting)."""
    from rich.text import Text

    return Text(clean(value), style=style)
