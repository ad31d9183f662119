"""Text meets a terminal: control characters are shown, never obeyed.

Article text, titles and file names come from anyone. Written raw to a terminal, ESC starts
a control sequence (clear the screen, colours, an OSC 8 link, the window title), a C1
control (U+0080-U+009F) does the same in one character, CR or a line separator lets a file
name forge a second diagnostic line, and a bidi override (U+202E) shows what follows
backwards. :func:`for_terminal` spells each of them as a visible escape, so the terminal
shows what the input holds. JSON and JSONL output is not touched: a program reads that.

Example:
    >>> for_terminal("evil\\x1b[2J.txt: forged\\nline")
    'evil\\\\x1b[2J.txt: forged\\\\nline'
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, C1, the bidi embeddings, overrides, isolates and marks, the
# Unicode line and paragraph separators, and lone surrogates (which no terminal can be sent).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff]"
)
_UNSAFE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str, *, one_line: bool = True) -> str:
    """``text`` with every character a terminal would obey spelt as an escape.

    Args:
        text: Anything from an input: a message naming a file, a fact, a title.
        one_line: Escape tab and newline too (diagnostics are one line each); table
            cells keep them (``False``).
    RETURNS: Printable text; text without such characters comes back unchanged.

    Example:
        >>> for_terminal("a\\u202eb\\x9bc\\udcff", one_line=False)
        'a\\\\u202eb\\\\x9bc\\\\xff'
        >>> for_terminal("two\\nlines", one_line=False)
        'two\\nlines'
    """
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, text)
