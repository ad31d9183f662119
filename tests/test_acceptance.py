"""Issue #3 acceptance: the facts each seed article must yield (and must not)."""

from __future__ import annotations


def _find(ex, kind: str, text: str):  # noqa: ANN001, ANN202
    hits = [f for f in ex.facts if f.kind == kind and f.text == text]
    assert hits, f"no {kind} {text!r} in {[(f.kind, f.text) for f in ex.facts]}"
    return hits


def test_asahi_figures(seed_extractions) -> None:
    ex = seed_extractions["2020-12"]
    nearly = _find(ex, "figure", "nearly 20,000")
    assert {(f.value, f.high, f.unit, f.qualifier) for f in nearly} == {
        (20000, 20000, "file", "nearly")
    }
    assert all(f.low is None for f in nearly)
    assert {f.unit for f in _find(ex, "figure", "59")} == {
        "case",
        "file",
    }  # 59 cases; 59 of those data files
    assert {f.unit for f in _find(ex, "figure", "three")} == {"case"}
    assert [(f.value, f.unit) for f in _find(ex, "figure", "12")] == [(12, "executive")]


def test_asahi_money_linked(seed_extractions) -> None:
    ex = seed_extractions["2020-12"]
    (yen,) = _find(ex, "money", "about 100 billion yen")
    (usd,) = _find(ex, "money", "$874 million")
    assert (yen.value, yen.currency, yen.qualifier) == (1e11, "JPY", "about")
    assert (usd.value, usd.currency) == (8.74e8, "USD")
    assert usd.equivalent_of == yen.id


def test_asahi_dates(seed_extractions) -> None:
    ex = seed_extractions["2020-12"]
    got = {f.text: (f.date, f.granularity) for f in ex.facts if f.kind == "date"}
    assert got["June 2019"] == ("2019-06", "month")
    assert got["Dec. 24"] == ("2020-12-24", "day")
    assert got["Dec. 22"] == ("2020-12-22", "day")
    assert got["January 2020"] == ("2020-01", "month")


def test_asahi_organisations(seed_extractions) -> None:
    ex = seed_extractions["2020-12"]
    orgs = {f.canonical for f in ex.facts if f.kind == "organisation"}
    assert {
        "Mitsubishi Electric",
        "Defense Ministry",
        "Asahi Shimbun",
        "Cabinet Secretariat",
    } <= orgs
    texts = {f.text for f in ex.facts if f.kind == "organisation"}
    assert not any(t.startswith("Photo") or t.strip().lower() == "the" for t in texts)


def test_asahi_no_bogus_figures(seed_extractions) -> None:
    ex = seed_extractions["2020-12"]
    figures = {f.text for f in ex.facts if f.kind == "figure"}
    assert not figures & {"2019", "24", "22", "874", "100", "2020", "first"}


def test_verdict_facts(seed_extractions) -> None:
    ex = seed_extractions["2020-01"]
    (people,) = _find(ex, "figure", "more than 8,000")
    assert (people.value, people.low, people.high, people.unit) == (8000, 8000, None, "person")
    assert people.certainty == "hedged"
    got = {f.text: f.date for f in ex.facts if f.kind == "date"}
    assert got["June last year"] == "2019-06"
    assert got["last July"] == "2019-07"
    assert got["September 2011"] == "2011-09"
    orgs = {f.canonical for f in ex.facts if f.kind == "organisation"}
    assert {
        "Mitsubishi Electric",
        "Mitsubishi Heavy Industries",
        "Nuclear Regulation Authority",
        "Japan Times",
    } <= orgs
    assert not {f.text for f in ex.facts if f.kind == "figure"} & {"2011", "2019"}


def test_without_published_relative_dates_are_unresolved(nlp) -> None:
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    ex = next(extract([Article("t", "The breach began last July and was found on Tuesday.")], nlp))
    dates = [f for f in ex.facts if f.kind == "date"]
    assert dates and all(f.date is None and f.relative for f in dates)
