"""Amounts the model cuts short, splits or mislabels (issue 18): one made-up sentence per
class, through the whole pipeline, then properties of the date forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.extract import extract
from breachfacts.facts import Article
from breachfacts.normalise.date_forms import (
    expand_short_year,
    expand_year_words,
    full_year,
    week_of,
    year_in_words,
)
from breachfacts.normalise.dates import resolve_date

PUBLISHED = dt.date(2020, 3, 1)


def facts(nlp, text: str) -> list:
    ex = next(iter(extract([Article("t", text, PUBLISHED)], nlp)))
    return [f for f in ex.facts if f.kind in ("figure", "money", "date")]


@pytest.mark.parametrize(
    "text,kind,value",
    [
        ("The database held 10 bln records.", "figure", 10_000_000_000),
        ("Hackers stole 3 mln accounts.", "figure", 3_000_000),
        ("The breach exposed 200m accounts.", "figure", 200_000_000),
        ("The breach exposed 1 414 021 records.", "figure", 1_414_021),
        ("Hackers stole 1\u2009414\u2009021 accounts.", "figure", 1_414_021),
        ("Officials said 45\u00a0000 patients were affected.", "figure", 45_000),
        ("The firm notified 2019 patients by mail.", "figure", 2019),
        ("The damage was estimated at 3.5 MUSD.", "money", 3_500_000),
        ("Shares in the retailer fell 197p after the attack.", "money", 1.97),
        ("The operators demanded a $75,000 bitcoin ransom.", "money", 75_000),
        ("The gang demanded 30 bitcoin (~$29,000) to unlock the files.", "money", 29_000),
        ("The fine was half a billion euros.", "money", 500_000_000),
        ("The bank was fined 2 million turkish lira.", "money", 2_000_000),
        ("The startup spent \u20b975 lakh on recovery.", "money", 7_500_000),
        ("The Polish retailer paid 2.8 million zlotys.", "money", 2_800_000),
        ("Some 7 mn users were affected.", "figure", 7_000_000),
        ("Some 533m profiles were scraped.", "figure", 533_000_000),
        ("Over 7 crore cards were leaked.", "figure", 70_000_000),
        ("Two and a half million customers were warned.", "figure", 2_500_000),
        ("The company lost one and a half million dollars.", "money", 1_500_000),
        ("Damages were three quarters of a million dollars.", "money", 750_000),
        ("The ransom was a quarter-million dollars.", "money", 250_000),
        ("The leak exposed 536,727accounts.", "figure", 536_727),
        ("Some 700devices were infected.", "figure", 700),
        ("Losses reached \u00a33B.", "money", 3_000_000_000),
        ("Cybercrime cost the world $6T.", "money", 6_000_000_000_000),
        ("The regulator fined the firm \u20ac10B.", "money", 10_000_000_000),
        ("The ransom was set at 40 ETH (c.$70,000).", "money", 70_000),
        ("The cooperative bank lost Rs. 94 crore in the attack.", "money", 940_000_000),
        ("The stolen cards sold for as little as 50 cents each.", "money", 0.5),
        ("Costs rose to CAD$3.2 million.", "money", 3_200_000),
        ("Officials counted three hundred and thirty one victims.", "figure", 331),
        ("The attackers hit ninety nine servers.", "figure", 99),
        ("Some 1984 employees received the phishing message.", "figure", 1984),
        ("Officials reported 45 and 50 cases in the two regions.", "figure", 45),
        ("The leak contained 2 305 118 records.", "figure", 2_305_118),
        ("The fine was two thousand and fifteen dollars.", "money", 2015),
        ("Nearly one trillion log lines were scanned.", "figure", 1_000_000_000_000),
        ("The Zurich clinic was fined 80,000 francs.", "money", 80_000),
    ],
)
def test_amount_classes(nlp, text: str, kind: str, value: float) -> None:
    got = [f for f in facts(nlp, text) if f.kind == kind]
    assert any(f.value == pytest.approx(value) for f in got), [(f.text, f.value) for f in got]


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("The breach affected 200 or more accounts.", 200, None),
        ("The gang hit 1,000-plus schools.", 1000, None),
        ("The leak exposed 300 plus accounts.", 300, None),
        ("Officials estimate 500 to 700 patients were affected.", 500, 700),
        ("Anywhere from 300 to 400 employees were affected.", 300, 400),
    ],
)
def test_open_ends(nlp, text: str, low: float, high: float | None) -> None:
    (f,) = [f for f in facts(nlp, text) if f.kind == "figure"]
    assert (f.low, f.high) == (low, high)


@pytest.mark.parametrize(
    "text,dates",
    [
        ("The company learned of the breach on 01/15/2020.", {"2020-01-15"}),
        ("The hospital was hit on May 13 and July 29.", {"2019-05-13", "2019-07-29"}),
        ("Intrusions occurred on March 3 and April 21, 2019.", {"2019-03-03", "2019-04-21"}),
        ("The company will ship the fix in November.", {"2020-11"}),
        ("The firm will announce its findings this coming Friday.", {"2020-03-06"}),
        ("The system was installed in April of '87.", {"1987-04"}),
        ("The attack began in the last week of 2016.", {"2016-W52"}),
        ("The attack hit in Q4 of 2018.", {"2018-Q4"}),
        ("Ransomware claims rose in Q1'19.", {"2019-Q1"}),
        ("The company took a charge in 3Q19.", {"2019-Q3"}),
        ("The breach happened in two thousand and fifteen.", {"2015"}),
        ("Records from twenty sixteen were exposed.", {"2016"}),
        ("The hack dates back to nineteen eighty-eight.", {"1988"}),
        ("The system was built in the year two thousand.", {"2000"}),
        ("The audit covered 2018-Q4.", {"2018-Q4"}),
        ("The breach was found in the 2nd quarter of 2019.", {"2019-Q2"}),
        ("The hack was in the second quarter in 2019.", {"2019-Q2"}),
        ("The first intrusion came in March '19.", {"2019-03"}),
        ("The leak covered records from two thousand and twelve.", {"2012"}),
        ("The systems failed on June 2 and 9.", {"2019-06-02", "2019-06-09"}),
        ("On May 13 and 14 the site was down.", {"2019-05-13", "2019-05-14"}),
    ],
)
def test_date_classes(nlp, text: str, dates: set[str]) -> None:
    got = {f.date for f in facts(nlp, text) if f.kind == "date"}
    assert dates <= got, got


@pytest.mark.parametrize(
    "text",
    [
        "Call the helpline on 0800 123 4567 for advice.",
        "Watch the 1080p video of the attack.",
        "Update to version 10.2.1 to fix CVE-2021-44228.",
        "The flaw affects Drupal 7 to 8 installations.",
        "Victims were told to call 0800 555 0199 for help.",
        "The helpline is 020 7946 0958.",
    ],
)
def test_no_amount_from_phone_video_or_version(nlp, text: str) -> None:
    """Nor from a change: "rose from 300 to 400" is two counts, no range (below)."""
    assert not [f for f in facts(nlp, text) if f.kind in ("money", "figure")]


@given(st.integers(0, 99), st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31)))
def test_a_two_digit_year_is_never_after_publication(yy: int, published: dt.date) -> None:
    year = full_year(yy, published)
    assert year % 100 == yy and published.year - 100 < year <= published.year


@given(st.integers(1, 28))
def test_a_day_is_no_short_year(day: int) -> None:
    assert expand_short_year(f"may {day}", PUBLISHED) == f"may {day}"


@given(
    st.integers(1990, 2030),
    st.sampled_from(["first", "second", "third", "fourth", "last"]),
    st.sampled_from(["", "january ", "june ", "december "]),
)
def test_a_week_of_a_period_lies_in_it(year: int, nth: str, month: str) -> None:
    day = week_of(f"the {nth} week of {month}{year}")
    assert day is not None and day.year == year
    if month:
        assert day.strftime("%B").lower() == month.strip()
    value = resolve_date(f"the {nth} week of {month}{year}", None)
    assert value is not None and value.granularity == "week"


def test_a_change_is_no_range(nlp) -> None:
    got = [f for f in facts(nlp, "Infections rose from 300 to 400 machines.") if f.kind == "figure"]
    assert all(f.low == f.high for f in got), [(f.text, f.low, f.high) for f in got]


@pytest.mark.parametrize(
    "text",
    [
        "They found two thousand and fifteen records in the dump.",
        "A total of two thousand were hit.",
        "In two thousand cases the data leaked.",
        "The count rose by two thousand and twelve.",
        "Sales rose from two thousand and twelve to three thousand.",
    ],
)
def test_a_count_in_words_is_no_year(nlp, text: str) -> None:
    assert not [f for f in facts(nlp, text) if f.kind == "date"]


_ONES = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int, joiner: str) -> str:
    """1 to 99 in words, tens and units joined by ``joiner`` ("-" or " ")."""
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    return _TENS[n // 10] + (joiner + _ONES[n % 10] if n % 10 else "")


@given(st.integers(1900, 2099), st.sampled_from(["-", " "]), st.booleans())
def test_a_year_in_words_reads_back(year: int, joiner: str, with_and: bool) -> None:
    """Every year 1900-2099 as people say it: a pair ("nineteen ninety-nine", "twenty oh
    five"), and from 2000 as a count ("two thousand (and) fifteen")."""
    century, rest = divmod(year, 100)
    if rest >= 10:
        said = f"{_spell(century, joiner)} {_spell(rest, joiner)}"
    elif rest:
        said = f"{_spell(century, joiner)} oh {_ONES[rest]}"
    else:
        said = f"{_spell(century, joiner)} hundred"
    assert year_in_words(said) == (year, rest != 0)
    if year >= 2000:
        tail = (" and " if with_and else " ") + _spell(year - 2000, joiner) if year > 2000 else ""
        assert year_in_words("two thousand" + tail) == (year, False)
        value = resolve_date(f"in two thousand{tail}", None)
        assert value is not None and value.date == str(year)


@given(st.integers(1, 99), st.sampled_from(["-", " "]))
def test_a_small_count_in_words_is_no_year(n: int, joiner: str) -> None:
    """ "twenty one", "one hundred and twenty", "nineteen" are counts, never years."""
    for said in (_spell(n, joiner), f"one hundred and {_spell(n, joiner)}"):
        assert year_in_words(said) is None
        assert expand_year_words(said) == said


def test_a_count_after_a_coordinated_day_stays_a_count(nlp) -> None:
    got = facts(nlp, "It happened on June 2 and 9 people died.")
    assert [(f.kind, f.value) for f in got if f.text == "9"] == [("figure", 9)]
