"""Roles, subjects, attackers and events: the seed expectations of issue 5 and one small
synthetic sentence per role class."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from breachfacts.extract import extract
from breachfacts.facts import Article, Extraction, Fact

ROOT = Path(__file__).resolve().parents[1]
from conftest import CASIE  # noqa: E402


def run(nlp, text: str, published: date = date(2024, 3, 1)) -> Extraction:
    return next(iter(extract([Article("t", text, published)], nlp)))


def fact(ex: Extraction, text: str) -> Fact:
    found = [f for f in ex.facts if f.text == text]
    assert found, f"no fact {text!r} in {[f.text for f in ex.facts]}"
    return found[0]


def event(ex: Extraction, etype: str) -> dict:
    found = [e for e in ex.events if e["type"] == etype]
    assert found, f"no {etype} event in {[e['type'] for e in ex.events]}"
    return found[0]


# ---------------------------------------------------------------------------
# the seeds (issue 5)


def test_seed_people_are_victims_of_mitsubishi_electric(seed_extractions):
    f = fact(seed_extractions["2020-01"], "more than 8,000")
    assert (f.role, f.subject) == ("victims", "Mitsubishi Electric")


def test_seed_files_are_records_of_mitsubishi_electric(seed_extractions):
    f = fact(seed_extractions["2020-12"], "nearly 20,000")
    assert (f.role, f.subject) == ("records", "Mitsubishi Electric")


def test_seed_contract_value_is_not_damage(seed_extractions):
    ex = seed_extractions["2020-12"]
    assert fact(ex, "about 100 billion yen").role == "contract"
    assert fact(ex, "$874 million").role == "contract"


def test_seed_june_2019_is_the_attack_date(seed_extractions):
    assert fact(seed_extractions["2020-12"], "June 2019").role == "attack"


@pytest.mark.parametrize(
    "seed, phrase",
    [("2020-12", "a Chinese hacking group"), ("2020-01", "A Chinese cybercrime group")],
)
def test_seed_suspected_attacker_is_hedged(seed_extractions, seed, phrase):
    ev = event(seed_extractions[seed], "data breach")
    assert ev["attacker"] == phrase
    assert ev["attacker_certainty"] == "hedged"
    assert ev["victim"] == "Mitsubishi Electric"


def test_seed_organisations(seed_extractions):
    roles = {(f.canonical, f.role) for f in seed_extractions["2020-12"].facts if f.canonical}
    assert ("Mitsubishi Electric", "victim") in roles
    assert ("Asahi Shimbun", "other") in roles  # the newspaper that broke the story
    assert ("Defense Ministry", "other") in roles  # it only reports


def test_seed_realis(seed_extractions):
    ev = event(seed_extractions["2020-01"], "data breach")
    assert ev["realis"] == "actual"
    denied = [s["text"] for s in ev["sentences"] if s["realis"] == "denied"]
    assert any(t.startswith("However, the company stated") for t in denied)


# ---------------------------------------------------------------------------
# one sentence per role class

FIGURES = [
    ("Hackers stole the personal data of 40,000 customers.", "40,000", "victims"),
    ("The breach affected 12 hotels in the chain.", "12", "victims"),
    ("The company has 5,000 employees and offices in Ohio.", "5,000", "other"),
    ("Some 3 million records were exposed in the leak.", "Some 3 million", "records"),
    ("The attackers exfiltrated 43 TB of data.", "43 TB", "records"),
    ("The breach involved 500 million user accounts.", "500 million", "records"),
    ("The malware infected 2,000 computers at the plant.", "2,000", "systems"),
    ("Disciplinary action was taken against 12 executives.", "12", "other"),
]


@pytest.mark.parametrize("text, span, role", FIGURES)
def test_figure_roles(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


#: A number that counts no noun, acted on by a verb: a victim verb (``victim_cues``) makes
#: it a victim count, a verb whose object is data (``data_verbs``) or no victim verb leaves
#: it ``other``; a noun after the number still decides.
BARE_COUNTS = [
    ("The breach affected more than 1,000.", "more than 1,000", "victims"),
    ("The attack has hit more than 200,000 in 150 countries.", "more than 200,000", "victims"),
    ("Some 300 were targeted by the scammers.", "Some 300", "victims"),
    ("The hackers stole 40,000.", "40,000", "other"),
    ("The leak exposed 2,000.", "2,000", "other"),
    ("The company has 5,000.", "5,000", "other"),
    ("The survey asked 1,000.", "1,000", "other"),
    ("The breach affected 2,000 files.", "2,000", "records"),
]


@pytest.mark.parametrize("text, span, role", BARE_COUNTS)
def test_a_bare_count_takes_its_role_from_the_verb_acting_on_it(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


#: A count stated without its noun takes the noun of its antecedent (nlp/antecedents.py):
#: a relative or anaphoric pronoun after it, apposition, inclusion, coordination with a
#: count, a fronted part phrase. The role follows from that noun as for any count.
ELLIPTIC_COUNTS = [
    ("The leak hit 3,000 patients, 1,200 of whom were children.", "1,200", "victims"),
    ("Hackers stole 5 million files, 300 of which were contracts.", "300", "records"),
    ("The breach exposed 2 million customers, 40,000 of them in Ohio.", "40,000", "victims"),
    ("The breach affected 85 hospitals, including 47 in Texas.", "47", "victims"),
    ("The attackers encrypted 700 computers, including 35 at the head office.", "35", "systems"),
    ("Ransomware hit 30 percent (1,400) of the schools.", "1,400", "victims"),
    ("The fraud affects thousands, if not millions, of taxpayers.", "thousands", "victims"),
    ("Of the 900 employees, 120 had their passwords stolen.", "120", "victims"),
    ("Among those 5,000 files, 300 were contracts.", "300", "records"),
    ("The company reported 40 incidents, 12 of them in May.", "12", "other"),
]


@pytest.mark.parametrize("text, span, role", ELLIPTIC_COUNTS)
def test_an_elliptic_count_takes_the_noun_of_its_antecedent(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    total=st.integers(min_value=1000, max_value=10**8),
    part=st.integers(min_value=2, max_value=999),
    noun=st.sampled_from(["customers", "patients", "users", "employees"]),
    ref=st.sampled_from(["whom live", "them"]),
)
def test_a_part_of_a_people_count_is_a_victim_count(nlp, total, part, noun, ref):
    text = f"The breach exposed {total:,} {noun}, {part} of {ref} in Ohio."
    assert fact(run(nlp, text), f"{part}").role == "victims"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=1000, max_value=10**8),
    verb=st.sampled_from(["affected", "hit", "targeted", "breached"]),
)
def test_a_bare_count_of_a_victim_verb_is_victims_whatever_the_number(nlp, n, verb):
    # counts as news states them (a small bare number is often no figure at all)
    text = f"The attack {verb} more than {n:,}."
    assert fact(run(nlp, text), f"more than {n:,}").role == "victims"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=2, max_value=10**8),
    verb=st.sampled_from(["stole", "leaked", "exposed", "dumped", "encrypted"]),
)
def test_a_bare_count_of_a_data_verb_is_never_victims(nlp, n, verb):
    text = f"The hackers {verb} {n:,}."
    found = [f for f in run(nlp, text).facts if f.kind == "figure"]
    assert all(f.role != "victims" for f in found)


MONEY = [
    ("The hackers demanded $50,000 in bitcoin to unlock the files.", "$50,000", "ransom"),
    ("The ransomware gang asked for four bitcoins.", "four bitcoins", "ransom"),
    ("The breach cost the retailer $7 million in lost sales.", "$7 million", "damage"),
    ("Scammers conned the company out of $2 million.", "$2 million", "damage"),
    ("Regulators fined the bank $10 million over the breach.", "$10 million", "fine"),
    ("The company agreed to a $5 million settlement with customers.", "$5 million", "settlement"),
    ("It won a contract worth $20 million from the ministry.", "$20 million", "contract"),
    ("The firm reported revenue of $3 billion.", "$3 billion", "contract"),
]


@pytest.mark.parametrize("text, span, role", MONEY)
def test_money_roles(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


# What an amount is paid *for*: a "to" clause of the paying verb decides over the nearest
# cue ("pay" alone reads as ransom).
PURPOSE = [
    ("Acme agreed to pay $80 million to settle charges.", "$80 million", "settlement"),
    ("The retailer paid $1.5 million to settle the lawsuit.", "$1.5 million", "settlement"),
    ("The bank will pay $2 million to settle claims by customers.", "$2 million", "settlement"),
    ("The hospital paid $17,000 to unlock its files.", "$17,000", "ransom"),
    ("The council paid $40,000 to decrypt the servers.", "$40,000", "ransom"),
    ("The insurer paid $3 million to compensate the victims.", "$3 million", "settlement"),
    ("The city paid $600,000 in ransom after the attack.", "$600,000", "ransom"),
    # agreed to pay, with no ransom in the sentence and no attacker as payee: a settlement
    ("Uber has agreed to pay $148 million and tighten its data security.", "$148 million",
     "settlement"),
    ("Equifax agreed to pay up to $700 million.", "up to $700 million", "settlement"),
    ("The city agreed to pay $50,000 to the hackers.", "$50,000", "ransom"),
    ("The city agreed to pay a $50,000 ransom to the gang.", "$50,000", "ransom"),
]  # fmt: skip


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.integers(min_value=1_000, max_value=900_000).map(lambda n: f"${n:,}"),
    payer=st.sampled_from(["The company", "Acme Corp", "The hospital", "The city"]),
    payee=st.sampled_from(["the hackers", "the attackers", "the criminals", "the ransomware gang"]),
)
def test_agreeing_to_pay_attackers_stays_ransom(nlp, amount, payer, payee):
    ex = run(nlp, f"{payer} agreed to pay {amount} to {payee}.")
    assert fact(ex, amount).role == "ransom"


@pytest.mark.parametrize("text, span, role", PURPOSE)
def test_money_paid_for_a_purpose_takes_its_role(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.integers(min_value=1_000, max_value=900_000).map(lambda n: f"${n:,}"),
    payer=st.sampled_from(["The company", "Acme Corp", "The hospital", "The bank"]),
    verb=st.sampled_from(["paid", "agreed to pay", "will pay"]),
)
def test_paying_to_settle_is_never_ransom(nlp, amount, payer, verb):
    ex = run(nlp, f"{payer} {verb} {amount} to settle the lawsuit.")
    assert fact(ex, amount).role == "settlement"


def test_conversion_shares_the_role(nlp):
    ex = run(nlp, "The attackers demanded 20 bitcoins ($150,000) to decrypt the servers.")
    assert fact(ex, "$150,000").role == fact(ex, "20 bitcoins").role == "ransom"


DATES = [
    ("The attack began on March 3, 2023.", "March 3, 2023", "attack"),
    ("The company discovered the intrusion in May 2023.", "May 2023", "discovery"),
    ("Acme disclosed the breach on June 9, 2023.", "June 9, 2023", "disclosure"),
    ("The firm was founded in 1998.", "1998", "other"),
    # a verb and its complement: "became public" discloses, "became aware" discovers
    ("That breach, which only became public last year, hit Acme.", "last year", "disclosure"),
    ("Acme went public with the breach in September 2016.", "September 2016", "disclosure"),
    ("The company made the breach public on March 3.", "March 3", "disclosure"),
    ("Acme became aware of the breach on May 4, 2023.", "May 4, 2023", "discovery"),
]


@pytest.mark.parametrize("text, span, role", DATES)
def test_date_roles(nlp, text, span, role):
    assert fact(run(nlp, text), span).role == role


def test_victim_and_attacker_organisations(nlp):
    ex = run(
        nlp,
        "Hackers breached Acme Corp. last week. The attack was attributed to APT28. "
        "Acme said customer data was stolen, according to Reuters.",
    )
    roles = {f.canonical: f.role for f in ex.facts if f.kind == "organisation"}
    assert roles["Acme"] == "victim"
    assert roles["APT28"] == "attacker"
    assert roles["Reuters"] == "other"
    ev = event(ex, "data breach")
    assert (ev["victim"], ev["attacker"], ev["attacker_certainty"]) == ("Acme", "APT28", "certain")


def test_self_reported_breach_makes_the_speaker_a_victim(nlp):
    ex = run(nlp, "Globex Inc. confirmed that it has suffered a data breach affecting members.")
    assert fact(ex, "Globex Inc.").role == "victim"


def test_coordinated_victims(nlp):
    ex = run(nlp, "Hackers stole data belonging to Microsoft, Google and Amazon.")
    roles = {f.canonical: f.role for f in ex.facts if f.kind == "organisation"}
    assert roles == {"Microsoft": "victim", "Google": "victim", "Amazon": "victim"}


def test_fact_subject_is_the_victim_in_the_sentence_else_the_main_victim(nlp):
    ex = run(
        nlp,
        "Ransomware hit Acme Corp. on Monday. Acme said 4,000 patients were affected. "
        "The attackers demanded $1 million.",
    )
    assert fact(ex, "4,000").subject == "Acme"
    assert fact(ex, "$1 million").subject == "Acme"


def test_malware_names_are_not_victims(nlp):
    ex = run(nlp, "The WannaCry ransomware infected hospitals run by the NHS.")
    roles = {f.canonical: f.role for f in ex.facts if f.kind == "organisation"}
    assert roles.get("WannaCry", "other") == "other"


# ---------------------------------------------------------------------------
# realis

REALIS = [
    ("Hackers stole customer data from the retailer.", "data breach", "actual"),
    ("Attackers could exploit the flaw to steal data.", "data breach", "generic"),
    ("The company said no customer data was stolen.", "data breach", "denied"),
    ("The firm denied that its servers were breached.", "data breach", "denied"),
    ("If attackers encrypt the files, backups help.", "ransomware", "generic"),
]


@pytest.mark.parametrize("text, etype, want", REALIS)
def test_realis(nlp, text, etype, want):
    ev = event(run(nlp, text), etype)
    assert ev["sentences"][0]["realis"] == want
    assert ev["realis"] == want


def test_article_realis_is_actual_when_any_sentence_is():
    from breachfacts.nlp.events import article_realis

    assert article_realis(["generic", "actual", "denied"]) == "actual"
    assert article_realis(["generic", "denied"]) == "denied"
    assert article_realis(["generic"]) == "generic"


# ---------------------------------------------------------------------------
# CASIE floors (CI): guard against regressions, not targets


@pytest.mark.slow
def test_casie_role_accuracy_floors():
    if not (CASIE / "annotation").is_dir():
        pytest.skip(f"CASIE dev split not found at {CASIE} (only present in CI)")
    spec = importlib.util.spec_from_file_location("casie_roles", ROOT / "bench" / "casie_roles.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    report = mod.run(CASIE)
    cats = report["categories"]
    assert cats["counts"]["accuracy"] >= 0.80
    assert cats["money"]["accuracy"] >= 0.80
    assert cats["orgs"]["accuracy"] >= 0.70


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        ("Officials won't say if the city paid the $51,000 ransom.", "$51,000", "hedged"),
        (
            "It wasn't until mid 2016 that Acme Corp. found the breach of 5,000 records.",
            "5,000",
            "certain",
        ),
        (
            "Acme does not believe the attackers stole more than 2,000 records.",
            "more than 2,000",
            "hedged",
        ),
        ("Acme denied that 3 million accounts were breached.", "3 million", "denied"),
        ("The hackers did not steal 20,000 files from Acme Corp.", "20,000", "denied"),
        # a clause the parser hangs under a later negated "is": juxtaposed, asserted
        (
            "The details of 90,000 customers were exposed, so this is not a minor breach.",
            "90,000",
            "certain",
        ),
        ("40,000 accounts were exposed, Acme denied.", "40,000", "denied"),
        (
            "More than 40,000 accounts were exposed, the company does not believe.",
            "More than 40,000",
            "hedged",
        ),
    ],
)
def test_negation_that_withholds_or_times_is_not_a_denial(
    nlp, text: str, fact: str, expected: str
) -> None:
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    ex = next(extract([Article("t", text)], nlp))
    (f,) = [f for f in ex.facts if f.text == fact]
    assert f.certainty == expected


# ---------------------------------------------------------------------------
# per-unit amounts and breakdown parts


@pytest.mark.parametrize(
    "text,span,per",
    [
        ("The hackers demanded $6,800 per computer from the city.", "$6,800", "computer"),
        ("The note asked for 0.8 bitcoins for each seized computer.", "0.8 bitcoins", "computer"),
        ("It included a pay-per-computer option of $6,800.", "$6,800", "computer"),
        ("A breach costs $225 per lost or stolen record.", "$225", "record"),
        ("The worm infected 100,000 victims per day at its peak.", "100,000", "day"),
        ("The hackers demanded $51,000 to unlock all computers.", "$51,000", None),
        ("They stole 5,000 records from each hospital.", "5,000", None),
    ],
)
def test_per_unit(nlp, text: str, span: str, per: str | None) -> None:
    f = fact(run(nlp, text), span)
    assert f.per == per
    assert ("per" in f.to_dict()) is (per is not None)


def test_breakdown_parts_carry_their_place(nlp) -> None:
    ex = run(
        nlp,
        "Data of some 270,000 customers was stolen, around 245,000 in the UK and 25,000 in Poland.",
    )
    assert [fact(ex, t).place for t in ("some 270,000", "around 245,000", "25,000")] == [
        None,
        "UK",
        "Poland",
    ]
    lone = run(nlp, "Data of 1,000 customers in the US was stolen.")
    assert fact(lone, "1,000").place is None  # the figure itself, not a part


@pytest.mark.parametrize(
    ("text", "span", "place"),
    [
        # a place before the counted noun, below a figure the article gives for no place
        (
            "The breach hit 145 million people. Up to 100,000 Canadian consumers were "
            "affected too.",
            "Up to 100,000",
            "Canadian",
        ),
        (
            "Hackers stole data on 57 million people. Some 20,000 British customers were affected.",
            "Some 20,000",
            "British",
        ),
        # the issue's own example: a breakdown of the users by country
        (
            "Hackers stole data on 57 million users. 2.7 million U.K. customers were affected.",
            "2.7 million",
            "U.K.",
        ),
        # a place after it, in a sentence of its own
        (
            "Hackers stole data on 100 million people. About 6 million individuals in Canada "
            "were also affected.",
            "About 6 million",
            "Canada",
        ),
        # the article's largest figure is the figure itself, whatever its place
        (
            "Hackers stole data on 143 million American consumers. Some 209,000 card numbers "
            "were taken.",
            "143 million",
            None,
        ),
        ("Hackers stole data on 1,000 customers in the US.", "1,000", None),
        # no place at all
        (
            "Hackers stole data on 57 million people. 7 million drivers were affected.",
            "7 million",
            None,
        ),
    ],
)
def test_a_placed_part_below_an_unplaced_total(nlp, text: str, span: str, place) -> None:
    assert fact(run(nlp, text), span).place == place


@given(
    total=st.integers(min_value=2_000, max_value=900_000_000),
    share=st.floats(min_value=0.01, max_value=0.9),
    where=st.sampled_from(["Canadian", "British", "French", "German"]),
)
@example(total=380_228_240, share=0.625, where="French")  # the model tagged "... French"
@example(total=215_041_122, share=0.3686516944419589, where="British")  # left untagged
@settings(max_examples=15, deadline=None)
def test_a_placed_part_property(nlp, total: int, share: float, where: str) -> None:
    """A count for a nationality is a part when the article states a larger count for no
    place, and the figure itself when it is the article's only one."""
    part = max(1, int(total * share))
    text = f"The breach affected {total:,} people. Some {part:,} {where} customers were affected."
    assert fact(run(nlp, text), f"Some {part:,}").place == where
    alone = run(nlp, f"Some {part:,} {where} customers were affected by the breach.")
    assert fact(alone, f"Some {part:,}").place is None


def test_an_authority_notified_is_not_the_victim(nlp) -> None:
    ex = run(
        nlp,
        "Hackers breached Yahoo in 2014. At the time, the company notified the FBI but only "
        "believed 26 accounts had been targeted.",
    )
    assert fact(ex, "FBI").role != "victim"
    assert fact(ex, "26").subject == "Yahoo"


def test_the_subject_of_a_copula_takes_the_victim_cue_of_its_complement(nlp) -> None:
    ex = run(
        nlp,
        "Payday lender Wonga appears to be the latest big-name brand to suffer a damaging data "
        "breach. Wonga said 270,000 customers may be affected. Last year a breach hit the ISP.",
    )
    assert fact(ex, "Wonga").role == "victim"
    assert fact(ex, "270,000").subject == "Wonga"


def test_a_bare_number_answering_how_many_counts_the_asked_noun(nlp) -> None:
    ex = run(
        nlp,
        "The firm did not say how many customers might have been affected, although reports "
        "suggest it is in the region of 270,000.",
    )
    f = fact(ex, "in the region of 270,000")
    assert f.unit == "customer"
    assert fact(run(nlp, "The firm lost 12 of them."), "12").unit != "customer"


def test_organisations_helping_with_the_attack_are_not_its_victims(nlp) -> None:
    ex = run(
        nlp,
        "Federal officials, Microsoft and Cisco are working with the city of Atlanta to resolve "
        "the ransomware attack. Mayor Bottoms will not say if Atlanta intends to pay the "
        "$51,000 ransom.",
    )
    assert fact(ex, "Microsoft").role != "victim"
    assert fact(ex, "$51,000").subject == "Atlanta"


def test_organisations_help_comes_from_are_not_its_victims(nlp) -> None:
    from breachfacts.nlp.org_roles import is_responder

    lex = nlp.get_pipe("breachfacts_entities").tables["roles"]
    doc = nlp("The city restored its network with help from Microsoft and the FBI.")
    orgs = {e.text: e for e in doc.ents if e.label_ == "ORG"}
    assert is_responder(orgs["Microsoft"], lex) and is_responder(orgs["FBI"], lex)
    doc = nlp("Microsoft is working with Lenovo to fix the laptops.")  # a partner, not a helper
    assert not any(is_responder(e, lex) for e in doc.ents if e.text == "Lenovo")


def test_a_place_is_no_short_form_of_an_organisation_named_after_it(nlp) -> None:
    ex = run(
        nlp,
        "Atlanta Information Management is restoring the applications. Hackers attacked "
        "Atlanta on Thursday and demanded $51,000.",
    )
    atlanta = [f for f in ex.facts if f.kind == "organisation" and f.text == "Atlanta"]
    assert atlanta and atlanta[0].canonical == "Atlanta"
    # a short form that is no place still folds into the full name
    ex = run(nlp, "Mitsubishi Electric was hacked. Mitsubishi said 8,000 people were hit.")
    assert {f.canonical for f in ex.facts if f.kind == "organisation"} == {"Mitsubishi Electric"}


@pytest.mark.parametrize(
    ("text", "figure", "owner"),
    [
        ("Hackers exposed the details of up to 148 million Equifax customers.",
         "up to 148 million", "Equifax"),
        ("The hack exposed 3 billion Yahoo accounts in 2013.", "3 billion", "Yahoo"),
    ],
)  # fmt: skip
def test_the_name_between_a_count_and_what_it_counts_is_its_owner(
    nlp, text: str, figure: str, owner: str
) -> None:
    ex = run(nlp, f"Jenkins patched a flaw on Monday. {text}")
    assert fact(ex, figure).subject == owner
    assert fact(ex, owner).kind == "organisation" and fact(ex, owner).role == "victim"


def test_org_roles_doctests() -> None:
    """The main victim is decided in one place, with worked examples."""
    import doctest

    from breachfacts.nlp import org_roles

    result = doctest.testmod(org_roles)
    assert result.attempted > 0 and result.failed == 0


def test_attacker_certainty_reads_the_users_cue_table(tmp_path: Path) -> None:
    """A hedge word added in a user cues.json hedges the attacker as it hedges the facts
    (extract passed only the built-in table to the attacker)."""
    import json

    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    text = (
        "Investigators surmise that the Lazarus Group hacked Acme Corp. in a ransomware "
        "attack that exposed 5,000 records."
    )
    (tmp_path / "cues.json").write_text(json.dumps({"hedge_lemmas": ["surmise"]}))
    [builtin] = extract([Article("a", text, None)], load())
    [mine] = extract([Article("a", text, None)], load(patterns=[tmp_path]))
    assert {e["attacker_certainty"] for e in builtin.events} == {"certain"}
    assert {e["attacker_certainty"] for e in mine.events} == {"hedged"}


# A count per period is a rate of business, not a count of victims or records; the period
# is no duration.
RATES = [
    ("Change Healthcare processes 15 billion transactions a year.", "15 billion"),
    ("Globally, the hotels serve more than 150 million guests every year.",
     "more than 150 million"),
    ("The company blocks 4 million attacks daily.", "4 million"),
    ("Hackers accessed 500 accounts per day.", "500"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span"), RATES)
def test_a_count_per_period_is_a_rate(nlp, text: str, span: str) -> None:
    ex = run(nlp, text)
    assert fact(ex, span).role == "other"
    assert not [f for f in ex.facts if f.kind == "duration"]


def test_a_period_that_dates_the_count_is_no_rate(nlp) -> None:
    ex = run(nlp, "Hackers stole the data of 500 customers a year ago.")
    assert fact(ex, "500").role == "victims"
    assert fact(ex, "a year ago").kind == "date"


def test_a_period_alone_is_still_a_duration(nlp) -> None:
    ex = run(nlp, "The breach went undetected for a year, and 40,000 records were stolen.")
    assert [f.text for f in ex.facts if f.kind == "duration"] == ["a year"]
    assert fact(ex, "40,000").role == "records"


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(min_value=2, max_value=10**9),
    noun=st.sampled_from(["transactions", "emails", "customers", "records", "attacks"]),
    period=st.sampled_from(["a year", "a day", "each month", "per week", "annually", "every year"]),
)
@example(n=2049, noun="records", period="a day")  # "records" parsed as a verb (a CI run)
def test_no_rate_is_a_victim_or_record_count(nlp, n: int, noun: str, period: str) -> None:
    ex = run(nlp, f"The company handles {n:,} {noun} {period}.")
    counts = [f for f in ex.facts if f.kind == "figure"]
    assert counts and all(f.role == "other" for f in counts)
    assert not [f for f in ex.facts if f.kind == "duration"]


# A conjunct stands where its first conjunct does: an alias after "known as X or Y", or a
# second subject of an attack verb, is an attacker too.
CONJUNCT_ATTACKERS = [
    ("The firm blamed the breach on a Russian ransomware gang known as ALPHV or BlackCat.",
     ["ALPHV", "BlackCat"]),
    ("ALPHV and LockBit attacked the hospital in March.", ["ALPHV", "LockBit"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names"), CONJUNCT_ATTACKERS)
def test_a_conjunct_of_an_attacker_is_an_attacker(nlp, text: str, names: list[str]) -> None:
    ex = run(nlp, text)
    assert all(fact(ex, n).role == "attacker" for n in names)


def test_conjoined_speakers_are_no_attackers(nlp) -> None:
    ex = run(nlp, "Microsoft and Google said the flaw was fixed.")
    assert {f.role for f in ex.facts if f.kind == "organisation"} == {"other"}


# Whom a statement is made to (a news outlet, an authority) is no party of the breach:
# "a spokesperson *confirmed to* Axios", "Hörsch *told* Bleeping Computer".
STATEMENT_RECIPIENTS = [
    ("Hackers stole data on 6.9 million people from 23andMe, a company spokesperson "
     "confirmed to Axios on Monday.", "Axios", "23andMe"),
    ("Acme Corp said hackers stole data, a spokesperson explained to Vantix.", "Vantix",
     "Acme Corp"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "outlet", "victim"), STATEMENT_RECIPIENTS)
def test_the_recipient_of_a_statement_is_no_victim(nlp, text, outlet, victim) -> None:
    ex = run(nlp, text)
    assert fact(ex, outlet).role == "other"
    assert fact(ex, victim).role == "victim"


def test_a_date_in_parentheses_restates_the_date_before_it(nlp) -> None:
    """ "said on Thursday (Oct 5) a cyberattack last month ...": Oct 5 is the day it said
    so, not the attack's."""
    text = (
        "MGM Resorts said on Thursday (Oct 5) a cyberattack last month that disrupted its "
        "operations would cost it $100 million."
    )
    ex = run(nlp, text, date(2023, 10, 6))
    assert fact(ex, "Oct 5").role == fact(ex, "Thursday").role == "disclosure"
    assert fact(ex, "last month").role == "attack"


@pytest.mark.parametrize(
    ("text", "span", "unit", "role"),
    [
        ("The data includes about 7.6 million current account holders and 65.4 million "
         "former ones.", "65.4 million", "holder", "victims"),
        ("Hackers stole 500 old files and 300 new ones.", "300", "file", "records"),
    ],
)  # fmt: skip
def test_a_count_of_ones_counts_the_noun_before_it(nlp, text, span, unit, role) -> None:
    f = fact(run(nlp, text), span)
    assert (f.unit, f.role) == (unit, role)
