"""The cost of a pattern's ``REGEX``: refuse the ones that backtrack exponentially, cap the rest.

Python's ``re`` backtracks, so a regex whose repeated part can match one string in several
ways (``(a+)+``, ``(a*)*``, ``(a|a)*``, ``(\\d+,\\d+)*``) takes time exponential in the length
of a token that almost matches. :func:`regex_problem` reads the regex's syntax tree
(``re._parser``) and refuses a repeated group unless each iteration is read one way only: its
items are single characters (or fixed alternatives with distinct first characters), each
repeated or optional item is followed by a required character it cannot take (``(?:\\.\\d+)*``
is fine: a digit run ends where the next dot begins). What is left is at most polynomial
(``\\d+\\d+x``), and :func:`capped` bounds it: a user's regex is not tried on a token longer
than :data:`MAX_TOKEN_CHARS` characters.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

#: A user's REGEX never matches a token longer than this (the cap on its polynomial cost).
MAX_TOKEN_CHARS = 100

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))
_ATOMS = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
# Characters a set is tried on: Latin, punctuation, and a few digits and spaces of other scripts.
_SAMPLE = [chr(c) for c in range(0x250)] + list("\u0663\u0966\uff10\u2009\u202f\u3000\u2028")


class _Refused(Exception):
    pass


def regex_problem(rx: str) -> str | None:
    """Why ``rx`` is refused as a pattern's REGEX (``"invalid regex: ..."`` or
    ``"nested quantifiers ..."``), or None when it compiles and cannot backtrack exponentially.

    Example:
        >>> regex_problem(r"^v?\\d+(?:\\.\\d+)*$") is None
        True
        >>> regex_problem("(a+)+$")
        'nested quantifiers: a repeated group can match the same text in several ways'
        >>> regex_problem("(unclosed")
        'invalid regex: missing ), unterminated subpattern at position 0'
    """
    try:
        with warnings.catch_warnings():  # "possible nested set": a FutureWarning, not ours
            warnings.simplefilter("ignore", FutureWarning)
            re.compile(rx)
            tree = sre_parse.parse(rx)
    except re.error as err:
        return f"invalid regex: {err}".replace("\n", " ")
    except (RecursionError, OverflowError, ValueError) as err:
        return f"invalid regex: {type(err).__name__}: {str(err)[:80]}".replace("\n", " ")
    flags = re.IGNORECASE if tree.state.flags & re.IGNORECASE or "(?i" in rx else 0
    try:
        _walk(list(tree), flags)
    except _Refused:
        return "nested quantifiers: a repeated group can match the same text in several ways"
    except RecursionError:
        return "invalid regex: nested too deeply"
    return None


def capped(rx: str, max_chars: int = MAX_TOKEN_CHARS) -> str:
    """``rx`` as spaCy's matcher uses it (``re.search``), but never true of a text longer
    than ``max_chars``: global flags stay first, the groups keep their numbers.

    Example:
        >>> rx = capped("(?i)^acme", 10)
        >>> bool(re.search(rx, "ACME Corp")), bool(re.search(rx, "ACME Corporation"))
        (True, False)
        >>> bool(re.search(capped(r"b(\\w)\\1", 10), "abcc"))
        True
    """
    flags = re.match(r"(?:\(\?[aiLmsux]+\))*", rx)
    head = flags.group(0) if flags else ""
    body = rx[len(head) :]
    end = "\n" if "x" in head else ""  # a verbose regex may end in a comment
    return f"{head}\\A(?=[\\s\\S]{{0,{max_chars}}}\\Z)[\\s\\S]*?(?:{body}{end})"


def _walk(items: list[tuple[Any, Any]], flags: int) -> None:
    """Check every repeated group (at most once a token, or a repeat of one character, is
    fine), then look inside every group."""
    for op, av in items:
        if op in _REPEATS:
            low, high, sub = av
            if high > 1 and not _single(list(sub)):
                _check_iteration(_flatten(list(sub)), flags)
            _walk(list(sub), flags)
        elif op is sre.SUBPATTERN:
            _walk(list(av[-1]), flags)
        elif op is sre.BRANCH:
            for alt in av[1]:
                _walk(list(alt), flags)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            _walk(list(av[1]), flags)
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            _walk(list(av), flags)


def _single(items: list[tuple[Any, Any]]) -> bool:
    return len(items) == 1 and items[0][0] in _ATOMS


def _flatten(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The body of a repeat as one sequence: groups opened, anchors dropped."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            out.extend(_flatten(list(av[-1])))
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue
        else:
            out.append((op, av))
    return out


def _check_iteration(items: list[tuple[Any, Any]], flags: int) -> None:
    """One iteration of a repeated group must be read one way: each variable item (a repeat
    or an optional character) is followed, cyclically, by required characters it cannot take
    (optional ones in between must not overlap either)."""
    kinds = [_kind(op, av, flags) for op, av in items]
    if not any(required for required, _variable, _chars in kinds):
        raise _Refused  # an iteration may be empty: (a?)*, (a*)*
    n = len(kinds)
    for i, (_required, variable, chars) in enumerate(kinds):
        if not variable:
            continue
        for step in range(1, n + 1):
            req_next, _var_next, next_chars = kinds[(i + step) % n]
            if chars & next_chars:
                raise _Refused
            if req_next:
                break


def _kind(op: Any, av: Any, flags: int) -> tuple[bool, bool, frozenset[str]]:
    """(required, variable, first characters) of one item of an iteration; refuses the rest."""
    if op in _ATOMS:
        return True, False, _chars(op, av, flags)
    if op in _REPEATS:
        low, high, sub = av
        sub = list(sub)
        if not _single(sub):
            raise _Refused  # a repeat inside a repeat, of more than one character
        chars = _chars(*sub[0], flags)
        return low >= 1, low != high, chars
    if op is sre.BRANCH:
        firsts: set[str] = set()
        for alt in av[1]:
            alt = _flatten(list(alt))
            if not alt or any(o not in _ATOMS for o, _ in alt):
                raise _Refused  # alternatives must be fixed strings of characters
            first = _chars(*alt[0], flags)
            if first & firsts:
                raise _Refused  # (a|a)*, (a|ab)*
            firsts |= first
        return True, False, frozenset(firsts)
    if op is sre.GROUPREF:
        raise _Refused
    return True, False, frozenset(_SAMPLE)  # unknown: assume it overlaps everything


def _chars(op: Any, av: Any, flags: int) -> frozenset[str]:
    """The sample characters one atom can match."""
    if op is sre.ANY:
        return frozenset(_SAMPLE)
    if op is sre.LITERAL:
        rx = re.escape(chr(av))
    elif op is sre.NOT_LITERAL:
        rx = "[^" + re.escape(chr(av)) + "]"
    else:
        parts = []
        for iop, iav in av:
            if iop is sre.NEGATE:
                parts.insert(0, "^")
            elif iop is sre.LITERAL:
                parts.append(re.escape(chr(iav)))
            elif iop is sre.RANGE:
                parts.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
            elif iop is sre.CATEGORY:
                parts.append(_CATEGORIES.get(iav, r"\s\S"))
            else:
                parts.append(r"\s\S")
        rx = "[" + "".join(parts) + "]" if parts else r"[\s\S]"
    compiled = re.compile(rx, flags)
    return frozenset(c for c in _SAMPLE if compiled.fullmatch(c))
