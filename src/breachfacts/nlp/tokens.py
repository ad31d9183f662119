"""Tokenizer rules our pipeline adds: numbers the model's tokenizer leaves glued to a word.

- A counted noun written against its number ("536,727accounts", "700devices") is split
  off, so that the number is a number and the noun its unit. After digits grouped with
  commas any lower-case word is ("1,900,000profiles"); after plain digits only the nouns
  of the measures table (``patterns/measures.json``, ``units``) and their plurals: "4chan",
  "8kun" or a hash ("5f4dcc3b...") stay whole.
- A period after a scale letter ("£3B.", "$6T.") is split off as it is after a lower-case
  letter: the model's tokenizer keeps it, as in "U.S.", so "3B." was no number.

The rules are suffixes appended to the tokenizer's own, so ``nlp.to_disk`` saves them with
it. Adding them twice changes nothing.

DOCS: README.md#how-it-works
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language

#: A period after a number and one capital letter: "3B.", "6T.", "1.2M." (a sentence end).
SCALE_LETTER_PERIOD = r"(?<=[0-9][A-Z])\."
#: A lower-case word after digits grouped with commas: "1,900,000profiles".
GROUPED_DIGITS_WORD = r"(?<=[0-9],[0-9]{3})[a-z]{3,}"


def plurals(noun: str) -> set[str]:
    """A counted noun with its plural forms.

    Example:
        >>> sorted(plurals("entry")), sorted(plurals("device")), sorted(plurals("pc"))
        (['entries', 'entry', 'entrys'], ['device', 'devices'], ['pc', 'pcs'])
    """
    forms = {noun, noun + "s"}
    if noun.endswith("y"):
        forms.add(noun[:-1] + "ies")
    if noun.endswith(("s", "x", "sh", "ch")):
        forms.add(noun + "es")
    return forms


def glued_unit_suffix(nouns: Iterable[str]) -> str:
    """The suffix pattern that splits one of ``nouns`` (one word, lower case, with their
    plurals) from the digits before it.

    Example:
        >>> bool(re.search(glued_unit_suffix(["account"]) + "$", "536,727accounts"))
        True
        >>> bool(re.search(glued_unit_suffix(["account"]) + "$", "accounts"))
        False
    """
    words = sorted(
        {form for n in nouns if re.fullmatch(r"[a-z]{3,}", n) for form in plurals(n)},
        key=lambda w: (-len(w), w),
    )
    return r"(?<=[0-9])(?:" + "|".join(map(re.escape, words)) + ")"


def add_tokenizer_rules(nlp: Language, tables: dict) -> Language:
    """Add the suffix rules of this module to ``nlp``'s tokenizer.

    Args:
        nlp: The pipeline, changed in place.
        tables: The data tables; the counted nouns are the keys of ``measures["units"]``.

    RETURNS (Language): ``nlp``.
    """
    nouns = tables.get("measures", {}).get("units", {})
    added = [SCALE_LETTER_PERIOD, GROUPED_DIGITS_WORD]
    if nouns:
        added.append(glued_unit_suffix(nouns))
    search = nlp.tokenizer.suffix_search
    old = search.__self__.pattern if search is not None else ""
    new = [f"{p}$" for p in added if f"{p}$" not in old]
    if new:
        nlp.tokenizer.suffix_search = re.compile("|".join(filter(None, [old, *new]))).search
    return nlp
