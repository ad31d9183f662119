"""Cutting a long text into pieces at paragraph breaks: the pieces concatenate back to it.

Used twice: :mod:`breachfacts.batch` cuts an article longer than ``--max-chars`` into pieces
extracted separately (their facts are merged), and :func:`breachfacts.nlp.pipeline.pipe_docs`
cuts a long article into shorter pieces for the statistical model only (merged back into one
Doc before breachfacts' own components).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["DEFAULT_MAX_CHARS", "iter_split", "split_text"]

#: Longest piece of text given to the pipeline at once. Well under spaCy's default
#: ``nlp.max_length`` (1,000,000) so that the parser's memory stays small.
DEFAULT_MAX_CHARS = 100_000

#: Where a cut may fall, best first: the end of a paragraph break, of a line break, of the
#: space after a sentence, of any space. Each takes the whole run of whitespace, so no cut
#: falls inside one ("\n\n" stays one token of the piece before).
_BREAKS = (
    re.compile(r"\n[ \t\u00a0]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"(?<=[.!?])\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``max_chars``, each with its start offset.

    Cuts fall at the last paragraph break before the limit, else the last line break,
    else the last sentence end, else the last whitespace, else at the limit itself. The
    pieces concatenate back to ``text`` exactly.

    Example:
        >>> split_text("one.\\n\\ntwo.\\n\\nthree.", max_chars=8)
        [(0, 'one.\\n\\n'), (6, 'two.\\n\\n'), (12, 'three.')]
    """
    return list(iter_split(text, max_chars))


def iter_split(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[tuple[int, str]]:
    """:func:`split_text`, one piece at a time: a long text is not copied whole at once."""
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    start = 0
    n = len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for rx in _BREAKS:
            ends = [m.end() for m in rx.finditer(window) if m.end() < len(window)]
            if ends and ends[-1] > max_chars // 4:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = max_chars
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]
