"""Entity repair on text the model gets partly wrong: currency markers, date cores, unions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hancock Health paid a $55,000 ransom to hackers.", "$55,000"),
        ("The attacker asked for $400 to unlock it.", "$400"),
        ("It is worth a little over $11,000 USD today.", "a little over $11,000 USD"),
        ("Losses reached more than $600m last year.", "more than $600m"),
        ("They demanded 5 bitcoins from the county.", "5 bitcoins"),
        ("JBS paid a ransom of $US11 million to the gang.", "$US11 million"),
        ("The telco was asked for $A1.5 million in Monero.", "$A1.5 million"),
        ("It paid $US 4.4 million to the hackers.", "$US 4.4 million"),
    ],
)
def test_money_takes_its_currency(nlp, text: str, span: str) -> None:
    assert (span, "MONEY") in ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "amount", "value"),
    [
        # a scale letter at the end of a sentence: the tokenizer keeps the full stop with it
        ("The hackers demanded $US10m.", "$US10m", 10e6),
        ("The attackers demanded AU$1.5m.", "AU$1.5m", 1.5e6),
        ("JBS paid a ransom of $11m.", "$11m", 11e6),
        ("The breach will cost it £7bn. Shares fell.", "£7bn", 7e9),
        ("The breach will cost it $5 million. Shares fell.", "$5 million", 5e6),
    ],
)
def test_a_scale_letter_ends_the_sentence(nlp, text: str, amount: str, value: float) -> None:
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    ex = next(iter(extract([Article("t", text, date(2021, 6, 1))], nlp)))
    money = [f for f in ex.facts if f.kind == "money"]
    assert [(f.text, f.value, text[f.start : f.end]) for f in money] == [(amount, value, amount)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Just this week, Big Blue said it is working on a fix.", "this week"),
        ("The breach extended past December 29, 2016, although nobody knows.", "December 29, 2016"),
        ("Apple released the fix earlier today.", "earlier today"),
    ],
)
def test_date_core(nlp, text: str, span: str) -> None:
    assert (span, "DATE") in ents(nlp, text)


def test_time_of_day_is_not_a_date(nlp) -> None:
    assert not [
        e for e in nlp("The server went down at 10:30 a.m. local time.").ents if e.label_ == "DATE"
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Files were encrypted at Spanish telecom firm Telefonica.", "Telefonica"),
        ("Spiral Toys, the company behind the products, is denying it.", "Spiral Toys"),
        ("Officials in Madison County say a ransomware attack hit them.", "Madison County"),
        ("Officials based at the City of Del Rio were forced to work on paper.", "City of Del Rio"),
        ("The Lazarus Group struck again.", "Lazarus Group"),
        ("The attack was attributed to APT28 last year.", "APT28"),
    ],
)
def test_organisation_from_context(nlp, text: str, name: str) -> None:
    assert (name, "ORG") in ents(nlp, text)


def test_a_person_after_a_job_word_stays_a_person(nlp) -> None:
    found = ents(nlp, "Kansas-based software developer Darren Cauthon reported it on Twitter.")
    assert ("Darren Cauthon", "ORG") not in found


def test_vague_money_stays_money(nlp) -> None:
    found = ents(nlp, "The attack may cost victims hundreds of millions of dollars in fees.")
    assert ("hundreds of millions of dollars", "MONEY") in found


def test_offset_from_an_event_is_a_duration(nlp) -> None:
    # "prior to <event>" anchors on the event, not on publication: a length of time
    found = ents(nlp, "Two years prior to the first Ukraine incident, the malware spread.")
    assert ("Two years", "DURATION") in found


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("They gave the hospital seven days to pay the ransom.", "seven days", "DURATION"),
        ("If they waited over 72 hours, the fine increased.", "over 72 hours", "DURATION"),
        ("The attackers had access for up to two years.", "up to two years", "DURATION"),
        ("The fix arrived 48 hours after the report.", "48 hours", "DURATION"),
        ("Within a few days, the data was online.", "Within a few days", "DURATION"),
        ("They were active over the past six months.", "the past six months", "DURATION"),
        ("She was harassed for days after the leak.", "days", "DURATION"),
        # points in time and frequencies are not durations
        ("Two years ago the company was breached.", "Two years ago", "DATE"),
        ("The malware calls home every three minutes.", "three minutes", None),
        ("Staff spent a second day offline on Thursday.", "a second", None),
        ("Attacks on banks grew in recent years.", "years", None),
    ],
)
def test_durations(nlp, text: str, span: str, label: str | None) -> None:
    found = ents(nlp, text)
    if label is None:
        assert not any(t == span and lab == "DURATION" for t, lab in found), found
    else:
        assert (span, label) in found, found


def test_four_digit_count_is_not_a_year(nlp) -> None:
    found = ents(nlp, "The 2450 schools and 800,000 students on the network will be protected.")
    assert not any(label == "DATE" for _, label in found), found


def orgs(nlp, text: str) -> list[str]:
    return [e.text for e in nlp(text).ents if e.label_ == "ORG"]


@pytest.mark.parametrize(
    ("text", "not_org"),
    [
        ("Researchers at Acme Security said WannaCry hit Renault plants.", "WannaCry"),
        ("Symantec found that the Jigsaw Ransomware deletes a file every hour.", "Ransomware"),
        ("The attackers used the RIG EK to infect visitors, Trend Micro said.", "RIG EK"),
        ("Attackers target FTP servers, the FBI warned hospitals.", "FTP"),
        ("Microsoft patched Windows on Tuesday, and Windows users should update.", "Windows"),
        ("The advisory SA-CORE-2019-003 was published by the Drupal security team.", "SA-CORE"),
        ("The clinic stores personally identifiable information (PII) of patients.", "PII"),
        ("A case under the Computer Misuse Act was filed against the man.", "Act"),
    ],
)
def test_not_an_organisation(nlp, text: str, not_org: str) -> None:
    assert not [o for o in orgs(nlp, text) if not_org in o], orgs(nlp, text)


def test_a_person_surname_is_not_an_organisation(nlp) -> None:
    text = (
        "Hospital spokeswoman Janine Oberholzer confirmed the attack on Mercy Health. "
        "\u201cWe restored the systems,\u201d Oberholzer said."
    )
    assert "Oberholzer" not in orgs(nlp, text)
    assert any("Mercy Health" in o for o in orgs(nlp, text))


def test_product_first_name_is_not_the_canonical_of_a_short_form(nlp) -> None:
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = (
        "Microsoft fixed a flaw in Windows Authentication Methods. "
        "Windows 10 users were safe, Microsoft said."
    )
    [ex] = extract([Article("t", text)], nlp)
    canon = {f.canonical for f in ex.facts if f.kind == "organisation"}
    assert canon == {"Microsoft"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Sites should upgrade to Drupal 7 or 8 core as soon as possible.", "8"),
        ("Those running 8.5.x should upgrade to Drupal 7.59 now.", "7.59"),
        ("The flaw affects versions 9.0, 8.5, 8.0, and 7.0 of the server.", "8.0"),
        ("It affects Struts 2.3.5 through 2.3.31, and 2.5 through 2.5.10.", "2.5"),
    ],
)
def test_version_numbers_are_not_figures(nlp, text: str, number: str) -> None:
    assert not [e for e in nlp(text).ents if e.text == number or e.text == "8.5.x"]


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("Send .8 bitcoins for each laptop or 5 bitcoins for all of them.", ".8 bitcoins", "MONEY"),
        ("After the .5 BTC is paid, the key arrives.", ".5 BTC", "MONEY"),
        ("Sales fell by .8 percent in March.", ".8 percent", "PERCENT"),
    ],
)
def test_leading_decimal_numbers_are_amounts(nlp, text: str, span: str, label: str) -> None:
    assert (span, label) in ents(nlp, text)


def test_leading_decimal_is_only_a_whole_numeral(nlp) -> None:
    from breachfacts.nlp.decimals import written_out

    assert [written_out(w) for w in (".8", ".25", "8.1", ".8.1", "v.8", "...", ".")] == [
        "0.8",
        "0.25",
        None,
        None,
        None,
        None,
        None,
    ]
    doc = nlp("Wait... 8 hours later, upgrade to version .8 of the tool.")
    assert not [e for e in doc.ents if ".8" in e.text]
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(doc.text)]  # text unchanged


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        ("The scam fooled over a million users last week.", "over a million", "FIGURE"),
        (
            "Over a quarter of a million routers were exposed.",
            "Over a quarter of a million",
            "FIGURE",
        ),
        ("They asked for a hundred bitcoins from the firm.", "a hundred bitcoins", "MONEY"),
    ],
)
def test_article_before_a_scale_word_is_part_of_the_number(
    nlp, text: str, span: str, label: str
) -> None:
    assert (span, label) in ents(nlp, text)


def test_odds_are_not_counts(nlp) -> None:
    assert not [
        e
        for e in nlp("It was a one in a million chance, experts said.").ents
        if "million" in e.text
    ]


def test_counts_after_names_stay_figures(nlp) -> None:
    text = "Equifax said 143 million people were affected, and Yahoo lost 3 billion accounts."
    found = {e.text for e in nlp(text).ents}
    assert "143 million" in found and "3 billion" in found


def test_a_name_is_cut_at_a_sentence_start(nlp) -> None:
    doc = nlp("The filing came from Mitsubishi\n\nElectric Ministry officials declined.")
    for e in doc.ents:
        assert e.sent.start <= e.start and e.end <= e.sent.end, e


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Mayor Bottoms will not say if Atlanta intends to pay the ransom.", "Atlanta"),
        ("Officials said Atlanta sent the bitcoins to the attackers on Friday.", "Atlanta"),
        ("In March, the city of Atlanta was attacked by SamSam ransomware.", "city of Atlanta"),
        ("The city of Baltimore was hit by ransomware last week.", "city of Baltimore"),
        ("Atlanta's main website was offline.", "Atlanta"),
        ("The NSA has linked North Korea to the WannaCry attack.", "North Korea"),
        ("The attack, which the U.S. has blamed on North Korea, spread fast.", "North Korea"),
    ],
)
def test_places_acting_as_victim_or_attacker_are_orgs(nlp, text: str, org: str) -> None:
    assert org in orgs(nlp, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Hospitals in Atlanta reported no problems after the attack.", "Atlanta"),
        ("The company opened an office in Baltimore last year.", "Baltimore"),
        ("Researchers in North Korea published a paper.", "North Korea"),
    ],
)
def test_places_that_only_locate_stay_places(nlp, text: str, place: str) -> None:
    assert place not in orgs(nlp, text)


def test_untagged_name_listed_with_an_org_is_an_org(nlp) -> None:
    assert "Facebook" in orgs(
        nlp, "GOOGLE and Facebook have admitted they were conned out of $100million."
    )


def test_person_label_after_the_modifying_a_noun_is_a_brand(nlp) -> None:
    found = orgs(nlp, "He takes specific info from the Ashley Madison data dump.")
    assert "Ashley Madison" in found
    assert "Ashley Madison" not in orgs(nlp, "Ashley Madison said she was not involved.")


def test_counted_noun_takes_the_head_of_a_noun_compound(nlp) -> None:
    """When the parse hangs the number on a modifier ("500 million user | accounts"), the
    counted noun is still the compound's last noun."""
    from spacy.tokens import Doc, Span

    from breachfacts.nlp.syntax import counted_noun

    words = ["stole", "500", "million", "user", "accounts"]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[0, 2, 3, 4, 0],
        deps=["ROOT", "compound", "nummod", "compound", "dobj"],
        pos=["VERB", "NUM", "NUM", "NOUN", "NOUN"],
    )
    assert counted_noun(Span(doc, 1, 3, label="CARDINAL")).text == "accounts"


@pytest.mark.parametrize(
    "text, span",
    [
        ("Hackers stole more than\u00a0a thousand records.", "more than\u00a0a thousand"),
        ("Hackers stole more than\u00a040,000 records.", "more than\u00a040,000"),
        ("Hackers stole nearly  20,000 files.", "nearly  20,000"),
    ],
)
def test_a_hedge_reaches_over_whitespace_tokens(nlp, text: str, span: str) -> None:
    assert span in [t for t, _ in ents(nlp, text)]


def test_money_and_durations_are_parsed_once_by_the_repair(nlp, monkeypatch) -> None:
    """Extraction reads the amounts the repair parsed, also after ``Doc.to_bytes`` (as when
    ``nlp.pipe`` runs in several processes): no parser runs again on the entity text."""
    from datetime import date

    from spacy.tokens import Doc

    from breachfacts.extract import doc_to_extraction, tables_of
    from breachfacts.facts import Article
    from breachfacts.nlp import entities

    text = "The hackers asked for $50,000 and kept the files locked for over 72 hours."
    article = Article("t", text, date(2024, 3, 1))
    doc = nlp(text)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    calls: list[str] = []
    monkeypatch.setattr(entities, "parse_money", calls.append)
    monkeypatch.setattr(entities, "parse_duration", calls.append)
    for d in (doc, copy):
        facts = {f.kind: f for f in doc_to_extraction(d, article, tables_of(nlp)).facts}
        assert (facts["money"].value, facts["money"].currency) == (50000, "USD")
        assert (facts["duration"].value, facts["duration"].unit) == (72, "hour")
        assert facts["duration"].qualifier == "over"
    assert calls == []


# A bare number the model read as a name (PRODUCT: "757" as in "Boeing 757") is a count
# unless a name comes just before it.
BARE_NUMBERS = [
    ("The breach exposed 1,000 customers, 757 of whom live in Ohio.", "757", True),
    ("The airline grounded its Boeing 757 fleet.", "757", False),
    ("Windows 10 users were hit.", "10", False),
    # and one the model left untagged that counts a part: "N of them / of whom"
    ("The breach exposed 12,345 customers, 708 of them in Ohio.", "708", True),
    ("The breach exposed 12,345 customers, 900 of whom live in Ohio.", "900", True),
]


@pytest.mark.parametrize("text, number, is_figure", BARE_NUMBERS)
def test_a_bare_number_taken_for_a_name_is_a_count(nlp, text, number, is_figure):
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    [ex] = extract([Article("a", text)], nlp)
    assert any(f.kind == "figure" and f.text == number for f in ex.facts) is is_figure


@pytest.mark.parametrize("verb", ["targeted", "breached"])
def test_a_hedge_the_model_tags_apart_joins_its_number(nlp, verb: str) -> None:
    # the model tags "more than" and "84,820,007" as two CARDINALs (found by a random test)
    assert ents(nlp, f"The attack {verb} more than 84,820,007.") == [
        ("more than 84,820,007", "CARDINAL")
    ]


def test_a_superscript_digit_is_no_day_number() -> None:
    from breachfacts.nlp.amounts import is_day_number

    assert not is_day_number("²")  # str.isdigit() says yes, int() refuses (found by fuzz)
    assert is_day_number("9") and not is_day_number("32")


# Two hedges in a row: the first, one word, is a preposition or a doubled hedge ("data
# *about* more than 300,000 users", "handing *over* more than $55 million"). The number was
# lost, because two hedges do not parse; it now keeps the second hedge.
STACKED_HEDGES = [
    ("They leaked information about more than 300,000 users.", "more than 300,000"),
    ("They leaked information about nearly 300,000 users.", "nearly 300,000"),
    ("The malware spread over about 5,000 machines.", "about 5,000"),
    ("He was tricked into handing over more than $55 million.", "more than $55 million"),
    ("The gang hit around about 500 firms.", "about 500"),
    ("Data on over more than 2 million people leaked.", "more than 2 million"),
]


@pytest.mark.parametrize(("text", "span"), STACKED_HEDGES)
def test_a_stacked_hedge_keeps_its_number(nlp, text: str, span: str) -> None:
    assert span in [t for t, _ in ents(nlp, text)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    outer=st.sampled_from(["about", "over", "around", "under"]),
    inner=st.sampled_from(["more than", "nearly", "almost", "at least", "fewer than"]),
    n=st.integers(min_value=2, max_value=10**7),
)
def test_a_one_word_hedge_before_another_never_loses_the_number(nlp, outer, inner, n) -> None:
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = f"The hackers leaked data {outer} {inner} {n:,} customers."
    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    figures = [f for f in x.facts if f.kind == "figure"]
    assert [(f.text, f.value, f.qualifier) for f in figures] == [(f"{inner} {n:,}", n, inner)]


# A dateline the model read into a name: the capitals before the dash are the place, the
# words after it are a name only if they are proper nouns.
DATELINES = [
    ("SAN FRANCISCO - Personal genetics firm 23andMe on Tuesday confirmed a breach.",
     [("SAN FRANCISCO", "GPE"), ("23andMe", "ORG")]),
    ("WASHINGTON - Microsoft said on Monday that hackers stole data.",
     [("WASHINGTON", "GPE"), ("Microsoft", "ORG")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names"), DATELINES)
def test_a_dateline_is_no_part_of_a_name(nlp, text: str, names: list[tuple[str, str]]) -> None:
    got = [(t, label) for t, label in ents(nlp, text) if label in ("ORG", "GPE")]
    assert got == names


# A name that starts with digits, in mixed case, is a name the model tags as a number;
# number-like tokens with letters stay what they were.
@pytest.mark.parametrize(
    ("text", "token", "label"),
    [
        ("Hackers hit 23andMe in October.", "23andMe", "ORG"),
        ("Personal genetics firm 23andMe on Tuesday confirmed a breach.", "23andMe", "ORG"),
        ("The 5G network and 2FA codes were not affected.", "2FA", None),
        ("The link ran at 5Gbps before the attack.", "5Gbps", None),
    ],
)
def test_a_digit_led_name_is_a_name(nlp, text: str, token: str, label: str | None) -> None:
    labels = {t: lab for t, lab in ents(nlp, text)}
    assert labels.get(token) == label or (label is None and labels.get(token) != "ORG")


# A number joined by a hyphen into a modifier counts nothing; "-strong" and "-plus" counts,
# hyphenated time units (durations) and a glued noun at the end of a sentence still do.
HYPHEN_MODIFIERS = [
    ("It expects to incur a one-time cost of $10 million.", "one", False),
    ("Users should turn on two-factor authentication.", "two", False),
    ("The firm sent one-time passwords to 2,000 customers.", "one", False),
    ("A 5,000-strong botnet hit the bank.", "5,000", True),
    ("The attack hit 1,000-plus firms.", "1,000-plus", True),
    ("Hackers stole 40,000-records.", "40,000", True),
]


@pytest.mark.parametrize(("text", "number", "kept"), HYPHEN_MODIFIERS)
def test_a_number_in_a_hyphenated_modifier_is_no_count(nlp, text, number, kept) -> None:
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert (number in [f.text for f in x.facts if f.kind == "figure"]) is kept


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    number=st.sampled_from(["one", "two", "three", "10", "12"]),
    word=st.sampled_from(["time", "factor", "step", "member", "page", "point"]),
    noun=st.sampled_from(["cost", "plan", "process", "report", "team"]),
    n=st.integers(min_value=2, max_value=10**6),
)
def test_a_modifier_never_becomes_a_figure(nlp, number, word, noun, n) -> None:
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = f"The {number}-{word} {noun} came after hackers stole {n:,} records."
    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert [f.text for f in x.facts if f.kind == "figure"] == [f"{n:,}"]


# A count the model ran into the capitalised words after it is cut before them; a proper
# adjective cut off is a nationality (NORP), a proper noun stays untagged.
@pytest.mark.parametrize(
    ("text", "number", "norp"),
    [
        ("Some 237,642,650 French customers were affected.", "Some 237,642,650", "French"),
        ("Hackers stole 5 Million records.", "5 Million", None),
    ],
)
def test_a_count_ends_before_the_names_after_it(nlp, text, number, norp) -> None:
    found = ents(nlp, text)
    assert (number, "CARDINAL") in found
    assert norp is None or (norp, "NORP") in found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ascension, one of the largest U.S. healthcare systems, was hit.", []),
        ("It is one of the biggest breaches ever, exposing 500 records.", ["500"]),
        ("One of the most popular apps leaked data of 500 users.", ["500"]),
        ("One of the hackers was arrested.", ["One"]),  # a count of hackers
        ("Only one of the 20 servers was hit.", ["Only one", "20"]),
    ],
)
def test_one_of_the_most_is_a_description_not_a_count(nlp, text, kept) -> None:
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert [f.text for f in x.facts if f.kind == "figure"] == kept


def test_a_number_in_thousands_groups_is_a_count_even_untagged(nlp) -> None:
    """The model leaves "79,275,274" untagged in "Some 79,275,274 British customers"."""
    found = ents(
        nlp,
        "The breach affected 215,041,122 people. Some 79,275,274 British customers were affected.",
    )
    assert ("Some 79,275,274", "CARDINAL") in found
