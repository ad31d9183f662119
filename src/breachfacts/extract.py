"""From spaCy Docs to facts: the step between the pipeline and the output.

The pipeline marks spans (figures, money, dates, durations, organisations) and has read the
money and durations already (``money_of`` and ``duration_of`` of :mod:`.nlp.entities`);
this module reads figures and dates (against the article's publication date) through the
pure normalisers and builds :class:`~breachfacts.facts.Fact` objects with offsets,
sentence, certainty and normalised values, then their roles (:mod:`.nlp.roles`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import ModelError
from .facts import Article, Extraction, Fact, Sentence
from .ingest import boilerplate_spans
from .nlp.cues import certainty
from .nlp.entities import duration_of, money_of
from .nlp.entity_rules import EntityRules
from .nlp.org_mentions import full_name_of
from .nlp.pipeline import pipe_docs
from .nlp.roles import assign_roles
from .nlp.syntax import counted_noun
from .normalise.dates import resolve_date
from .normalise.money import currency_from_places, ends_with_conversion_cue
from .normalise.numbers import parse_quantity
from .normalise.orgs import canonical_org
from .normalise.ratios import parse_ratio

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

FIGURE_LABELS = {"CARDINAL", "QUANTITY", "PERCENT", "FIGURE"}
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_DATA_UNITS = re.compile(r"(?i)^\d[\d.,]*\s*(kb|mb|gb|tb|pb)$")


def extract(
    articles: Iterable[Article],
    nlp: Language | None = None,
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Extract the facts of each article, in input order, streaming through ``nlp.pipe``
    (:func:`~breachfacts.nlp.pipeline.pipe_docs`: a long text through the model in pieces)."""
    if nlp is None:
        from .nlp import load

        nlp = load()
    tables = tables_of(nlp)
    pairs = ((a.text, a) for a in articles)
    for doc, article in pipe_docs(nlp, pairs, batch_size=batch_size, n_process=n_process):
        yield doc_to_extraction(doc, article, tables)


def tables_of(nlp: Language) -> dict[str, Any]:
    """The data tables (aliases, units, cues) the pipeline was built with: those of its
    ``breachfacts_entities`` component, whatever its name."""
    for _name, proc in nlp.pipeline:
        if isinstance(proc, EntityRules):
            return proc.tables
    raise ModelError(
        "the pipeline has no breachfacts_entities component "
        "(nlp.add_pipe('breachfacts_entities', after='ner'); see docs/spacy.md)"
    )


def facts_from_doc(
    doc: Doc, nlp: Language, *, published: date | None = None, id: str = "doc"
) -> Extraction:
    """The facts of ``doc``, processed by ``nlp``: a spaCy pipeline of one's own with the
    breachfacts components (docs/spacy.md), or :func:`breachfacts.load`'s.

    Args:
        doc: The processed document.
        nlp: The pipeline that processed it (its tables are read).
        published: The article's publication date: relative dates resolve against it.
        id: The article id the extraction records.

    RETURNS (Extraction): As :func:`extract` gives for ``Article(id, doc.text, published)``.
    """
    return doc_to_extraction(
        doc, Article(id=id, text=doc.text, published=published), tables_of(nlp)
    )


#: A scale letter the tokenizer keeps with the sentence's full stop ("$11m.", "7bn.").
_SCALES_WITH_STOP = frozenset({"m.", "bn.", "k.", "mn.", "b.", "tn."})


def doc_to_extraction(doc: Doc, article: Article, tables: dict[str, Any]) -> Extraction:
    """Build the facts of one processed article."""
    aliases: dict[str, str] = tables.get("aliases", {})
    units: dict[str, Any] = tables.get("units", {})
    cues: dict[str, Any] = tables.get("cues", {})
    conversions: dict[str, Any] = tables.get("conversions", {})
    places: dict[str, Any] = tables.get("currency_places", {})
    facts: list[Fact] = []
    spans: list[Span] = []
    orgs_seen: list[str] = []
    last_money: tuple[Span, Fact] | None = None

    text = doc.text  # built from the tokens on every access: once per document
    boiler = boilerplate_spans(text)
    for ent in doc.ents:
        if any(a <= ent.start_char < b for a, b in boiler):
            continue  # advertising, captions, newsletter blocks: not facts of the article
        label = ent.label_
        base: dict[str, Any] = {}
        if label in FIGURE_LABELS:
            base = _figure(ent, units)
        elif label == "MONEY":
            base = _money(ent, places)
            if (
                base
                and last_money is not None
                and last_money[1].currency != base["currency"]
                and _is_conversion(text, last_money[0], ent, conversions)
            ):
                base["equivalent_of"] = last_money[1].id
        elif label == "DATE":
            base = _date(ent, article)
        elif label == "DURATION":
            base = _duration(ent)
        elif label == "ORG":
            base = _org(ent, aliases, orgs_seen)
        if not base:
            continue
        sent = _sentence_of(ent)
        end = ent.end_char
        if label != "DATE" and ent[-1].lower_ in _SCALES_WITH_STOP:
            end -= 1  # "$11m." ends a sentence: the full stop is no part of the amount
        fact = Fact(
            id=f"f{len(facts) + 1}",
            text=text[ent.start_char : end],
            start=ent.start_char,
            end=end,
            sentence=Sentence(sent.text, sent.start_char, sent.end_char),
            certainty=certainty(ent, cues),  # type: ignore[arg-type]
            **base,
        )
        facts.append(fact)
        spans.append(ent)
        if fact.kind == "money":
            last_money = (ent, fact)
    facts, events = assign_roles(doc, spans, facts, tables.get("roles", {}), boiler, cues or None)
    return Extraction(article=article, facts=tuple(facts), events=tuple(events))


def _sentence_of(ent: Span) -> Span:
    """The sentence of ``ent``: from its first token's sentence to its last token's.

    Entity repair keeps entities inside one sentence; should one still cross a break, the
    fact's sentence spans both rather than end before the fact does.
    """
    first = ent.sent
    last = ent.doc[ent.end - 1].sent
    if last.start == first.start:
        return first
    return ent.doc[first.start : max(first.end, last.end)]


# ---------------------------------------------------------------------------
# one function per kind: span -> Fact fields, or {} when the span is not a fact


def _figure(ent: Span, units: dict[str, Any]) -> dict[str, Any]:
    text = ent.text
    if ent.label_ != "FIGURE" and _YEAR.match(text.strip()):
        noun = counted_noun(ent)
        if noun is None:
            return {}  # a bare year is a date, not a figure
    if _is_date_part(ent):
        return {}
    share = parse_ratio(text) if ent.label_ == "PERCENT" else None
    if share is not None:  # "nearly one in five": a share of a group, "nearly 20" percent
        q = parse_quantity(" ".join(filter(None, (share[1], f"{share[0]:g}"))))
        return _amount("figure", q, "percent") if q is not None else {}
    number_text = text
    unit: str | None = None
    if ent.label_ == "PERCENT" or text.rstrip().endswith("%") or re.search(r"(?i)per ?cent$", text):
        unit = "percent"
        number_text = re.sub(r"(?i)\s*(%|per ?cent|percentage points?)$", "", text)
    else:
        m = _DATA_UNITS.match(text.replace("\u00a0", " "))
        trailing = ent[-1].lower_
        if m or trailing in ("kb", "mb", "gb", "tb", "pb", "gigabytes", "terabytes", "megabytes"):
            key = m.group(1).lower() if m else trailing
            unit = units.get(key, key)
            number_text = text[: len(text) - len(key)] if m else ent[:-1].text
        else:
            noun = counted_noun(ent)
            if noun is not None and not ent.start <= noun.i < ent.end:
                # after it, or before it in a fronted partitive ("Of the 6.9 million
                # accounts hacked, 5.5 million contained ..."): the span is the number
                unit = _unit_of(noun.lemma_, noun.lower_, units)
            elif noun is not None:  # "millions of users": the noun is inside the span
                unit = _unit_of(noun.lemma_, noun.lower_, units)
                number_text = ent.doc[ent.start : noun.i].text
                number_text = re.sub(r"\s+of$", "", number_text)
    q = parse_quantity(number_text)
    return _amount("figure", q, unit) if q is not None else {}


def _amount(kind: str, q: Any, unit: str | None) -> dict[str, Any]:
    """Fact fields of a stated amount: ``q`` has value, low, high and qualifier."""
    return {
        "kind": kind,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "unit": unit,
        "qualifier": q.qualifier,
    }


def _unit_of(lemma: str, lower: str, units: dict[str, Any]) -> str | None:
    for key in (lower, lemma.lower()):
        if key in units:
            return units[key]
    return lemma.lower()


def _is_date_part(ent: Span) -> bool:
    """A number inside a date phrase the model missed ("Dec. 24" split oddly)."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return bool(
        prev is not None and prev.ent_type_ == "DATE" and ent.text.isdigit() and len(ent) == 1
    )


def _money(ent: Span, places: dict[str, Any]) -> dict[str, Any]:
    m = money_of(ent)
    if m is not None and m.currency is None:  # "80,000 francs" in a Zurich story: CHF
        name = next((t.lower_ for t in ent if t.lower_ in places), None)
        if name is not None:
            where = [_sentence_of(ent).text, ent.doc.text]
            m = replace(m, currency=currency_from_places(name, where, places))
    if m is None or m.currency is None:
        return {}
    return {
        "kind": "money",
        "value": m.value,
        "low": m.low,
        "high": m.high,
        "unit": m.currency,
        "qualifier": m.qualifier,
        "currency": m.currency,
    }


#: At most this many tokens between an amount and its restatement ("six bitcoins to unlock
#: all computers held hostage, equaling to around $51,000": 8).
CONVERSION_MAX_GAP = 15


def _is_conversion(text: str, first: Span, second: Span, table: dict[str, Any]) -> bool:
    """``second`` restates ``first`` (the caller checks that their currencies differ).

    "100 billion yen ($874 million)", "397 bitcoins, or about $1 million", "6 bitcoins for
    all of the computers. (That's the equivalent of around $51,000.)": the two are in one
    sentence or the second is in the next one, at most :data:`CONVERSION_MAX_GAP` tokens
    apart with no other number between them, and the text between ends with a conversion
    cue of ``patterns/conversions.json`` (:func:`~.normalise.money.ends_with_conversion_cue`).
    """
    doc = first.doc
    gap = [t for t in doc[first.end : second.start] if not t.is_space]
    if len(gap) > CONVERSION_MAX_GAP or any(
        t.like_num or t.ent_type_ in FIGURE_LABELS or t.ent_type_ == "MONEY" for t in gap
    ):
        return False
    first_sent, second_sent = doc[first.end - 1].sent, second.sent
    if second_sent.start != first_sent.start and any(
        not t.is_space for t in doc[first_sent.end : second_sent.start]
    ):
        return False  # not the next sentence
    between = text[first.end_char : second.start_char]
    return ends_with_conversion_cue(between, table.get("cues", ()), table.get("fillers", ()))


def _date(ent: Span, article: Article) -> dict[str, Any]:
    text = _shared_month(ent) + ent.text + _shared_year(ent)
    dv = resolve_date(text, article.published, past=not _about_the_future(ent))
    if dv is None:
        return {}
    return {"kind": "date", "date": dv.date, "granularity": dv.granularity, "relative": dv.relative}


_YEAR_TOKEN = re.compile(r"^(?:1[89]|20)\d\d$")


def _shared_year(ent: Span) -> str:
    """The year a date without one shares with the date coordinated after it: "March 3 and
    April 21, 2019" -> " 2019" for "March 3"; "" when there is none."""
    doc = ent.doc
    if any(_YEAR_TOKEN.match(t.text) for t in ent) or ent.end + 1 >= len(doc):
        return ""
    if doc[ent.end].lower_ not in ("and", "or", "&"):
        return ""
    nxt = doc[ent.end + 1]
    if nxt.ent_type_ != "DATE":
        return ""
    for t in doc[nxt.i : min(len(doc), nxt.i + 6)]:
        if t.ent_type_ != "DATE":
            break
        if _YEAR_TOKEN.match(t.text):
            return " " + t.text
    return ""


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _shared_month(ent: Span) -> str:
    """The month (and year) a bare day after a coordinated date takes from it: "9" of
    "June 2 and 9" -> "June " (then "June 9"); "" when there is none."""
    doc = ent.doc
    if not (ent.text.isdigit() and len(ent.text) <= 2) or ent.start < 2:
        return ""
    if (
        doc[ent.start - 1].lower_ not in ("and", "or", "&")
        or doc[ent.start - 2].ent_type_ != "DATE"
    ):
        return ""
    k = ent.start - 2
    while k > 0 and doc[k - 1].ent_type_ == "DATE" and doc[k].ent_iob_ != "B":
        k -= 1
    prev = doc[k : ent.start - 1]  # the date entity before "and"
    months = [t.text.rstrip(".") for t in prev if t.lower_.rstrip(".") in _MONTH_WORDS]
    return f"{months[0]} " if len(months) == 1 and prev[-1].text.isdigit() else ""


#: Auxiliaries and words that put a date after publication: "will ship in November",
#: "this coming Friday", "the upcoming update in May".
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_FUTURE_WORDS = frozenset({"coming", "upcoming", "next"})
_FUTURE_HEADS = frozenset({"expect", "plan", "schedule", "intend", "aim", "set", "go"})


def _about_the_future(ent: Span) -> bool:
    """Whether a date without a year is said about the future: its verb takes "will" or
    "shall" ("the company will ship the fix in November") or is what is expected, planned
    or scheduled ("is expected to ship on Thursday"), or "coming", "upcoming" or
    "next" stands right before it. A past event never points after publication."""
    doc = ent.doc
    before = doc[max(ent.sent.start, ent.start - 2) : ent.start]
    if any(t.lower_ in _FUTURE_WORDS for t in [*before, *ent]):
        return True
    tok = ent.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in tok.children
        ):
            return True
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _FUTURE_HEADS:
            return True  # "is expected to ship on Thursday", "plans to release"
        if tok.head is tok:
            break
        tok = tok.head
    return False


def _duration(ent: Span) -> dict[str, Any]:
    d = duration_of(ent)
    return _amount("duration", d, d.unit) if d is not None else {}


def _org(ent: Span, aliases: dict[str, str], seen: list[str]) -> dict[str, Any]:
    name = canonical_org(ent.text, aliases)
    if name is None:
        return {}
    if name not in seen:
        # "Mitsubishi" after "Mitsubishi Electric" is its short form
        full = full_name_of(ent.doc, name, seen)
        if full is not None:
            name = full
        else:
            seen.append(name)
    return {"kind": "organisation", "canonical": name}


def with_ids(facts: Iterable[Fact]) -> tuple[Fact, ...]:
    """Renumber facts f1, f2, ... keeping ``equivalent_of`` links."""
    facts = list(facts)
    mapping = {f.id: f"f{i}" for i, f in enumerate(facts, 1)}
    return tuple(
        replace(f, id=mapping[f.id], equivalent_of=mapping.get(f.equivalent_of or "", None))
        for f in facts
    )
