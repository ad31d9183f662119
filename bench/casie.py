"""Read the CASIE development split: articles, publication dates and gold event arguments.

Data: CASIE, Satyapanich, Ferraro and Finin, "CASIE: Extracting Cybersecurity Event
Information from Text", AAAI 2020 (github.com/Ebiquity/CASIE). The split lives outside the
repository (``../shared/casie-dev``) and is read at run time; no CASIE text is copied here.

Each ``annotation/NNNNN.json`` has ``content`` (the text; it may end with a stray
``</text>``), ``info.date`` (``YYYY_MM_DD``) and ``cyberevent.hopper[].events[]`` whose
``argument[]`` carry ``startOffset``/``endOffset``/``text``/``type``/``role.type``. About 3%
of the offsets are shifted by a few characters: :func:`reanchor` moves such an argument to
the nearest occurrence of its text.

Example:
    >>> from bench.casie import iter_articles, DEFAULT_CASIE
    >>> for art in iter_articles(DEFAULT_CASIE):  # doctest: +SKIP
    ...     print(art.id, art.published, len(art.arguments))
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Where the split sits next to a checkout (the repository root's parent ``shared/``).
DEFAULT_CASIE = Path(os.environ.get("BREACHFACTS_CASIE") or ROOT.parent / "shared" / "casie-dev")
CITATION = "CASIE, Satyapanich, Ferraro & Finin, AAAI 2020"


@dataclass(frozen=True)
class Argument:
    """One gold event argument, re-anchored so that ``text == content[start:end]``."""

    role: str
    type: str | None
    start: int
    end: int
    text: str
    subtype: str
    realis: str | None
    moved: bool = False


@dataclass(frozen=True)
class CasieArticle:
    """One annotated article."""

    id: str
    content: str
    published: date | None
    arguments: tuple[Argument, ...]


def article_text(content: str) -> str:
    """The CASIE ``content`` without the stray closing tag some files end with.

    Example:
        >>> article_text("Hackers stole data.\\n</text>")
        'Hackers stole data.'
    """
    return re.sub(r"\s*</text>\s*$", "", content)


def published_of(info: dict[str, Any]) -> date | None:
    """``info.date`` (``YYYY_MM_DD``) as a date, or None when missing or malformed.

    Example:
        >>> published_of({"date": "2017_05_14"})
        datetime.date(2017, 5, 14)
    """
    m = re.match(r"^(\d{4})_(\d{1,2})_(\d{1,2})", str(info.get("date") or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def reanchor(text: str, start: int, end: int, arg: str) -> tuple[int, int] | None:
    """Offsets of ``arg`` in ``text``: as given if they hold it, else its nearest occurrence.

    Example:
        >>> reanchor("paid $300 to them", 4, 9, "$300")
        (5, 9)
    """
    if not arg:
        return None
    if text[start:end] == arg:
        return start, end
    hits = [m.start() for m in re.finditer(re.escape(arg), text)]
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(arg)


def arguments_of(text: str, doc: dict[str, Any]) -> list[Argument]:
    """All event arguments of one annotation file, re-anchored; unplaceable ones dropped."""
    out: list[Argument] = []
    for hopper in doc.get("cyberevent", {}).get("hopper", []) or []:
        for ev in hopper.get("events", []) or []:
            for a in ev.get("argument", []) or []:
                s, e, t = a.get("startOffset", 0), a.get("endOffset", 0), a.get("text", "")
                where = reanchor(text, s, e, t)
                if where is None:
                    continue
                out.append(
                    Argument(
                        role=a.get("role", {}).get("type", ""),
                        type=a.get("type"),
                        start=where[0],
                        end=where[1],
                        text=t,
                        subtype=ev.get("subtype", ""),
                        realis=ev.get("realis"),
                        moved=where != (s, e),
                    )
                )
    return out


#: The two halves of the dev split, by id: rules are tuned on ``tune`` (ids divisible by 8)
#: and judged on ``validate`` (the rest), whose texts and misses nobody reads while tuning.
HALVES = ("all", "tune", "validate")


def in_half(article_id: str, half: str = "all") -> bool:
    """Whether an article belongs to ``half`` of the split.

    Example:
        >>> in_half("10008", "tune"), in_half("10004", "tune"), in_half("10004", "validate")
        (True, False, True)
    """
    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}, not {half!r}")
    if half == "all":
        return True
    return (int(article_id) % 8 == 0) == (half == "tune")


def iter_articles(
    casie: Path = DEFAULT_CASIE, limit: int | None = None, half: str = "all"
) -> Iterator[CasieArticle]:
    """The articles of the split (or of one half of it) in file order, with their gold
    arguments."""
    files = [
        p for p in sorted((Path(casie) / "annotation").glob("*.json")) if in_half(p.stem, half)
    ]
    for path in files[:limit] if limit else files:
        d = json.loads(path.read_text(encoding="utf-8"))
        text = article_text(d.get("content", "") or "")
        if not text.strip():
            continue
        yield CasieArticle(
            id=path.stem,
            content=text,
            published=published_of(d.get("info", {}) or {}),
            arguments=tuple(arguments_of(text, d)),
        )
