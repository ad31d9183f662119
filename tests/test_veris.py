"""VERIS records: the seed mapping and the shape of every record."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date

import pytest

from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.views.veris import SCHEMA_VERSION, to_veris, write_veris

REQUIRED = (
    "schema_version",
    "incident_id",
    "source_id",
    "security_incident",
    "summary",
    "reference",
    "victim",
    "actor",
    "action",
    "attribute",
    "timeline",
    "plus",
)
ACTOR_KINDS = {"external", "internal", "partner", "Unknown"}
ACTION_KINDS = {"hacking", "malware", "social", "misuse", "physical", "error", "Unknown"}


def check_shape(rec: dict) -> None:
    for key in REQUIRED:
        assert key in rec, key
    assert rec["schema_version"] == SCHEMA_VERSION
    assert rec["source_id"] == "breachfacts"
    uuid.UUID(rec["incident_id"])
    assert rec["security_incident"] in ("Confirmed", "Suspected")
    assert {"victim_id", "industry", "country", "employee_count"} <= set(rec["victim"])
    assert set(rec["actor"]) <= ACTOR_KINDS and rec["actor"]
    assert set(rec["action"]) <= ACTION_KINDS and rec["action"]
    for cat, body in rec["action"].items():
        if cat != "Unknown":
            assert isinstance(body["variety"], list) and body["variety"]
    if "incident" in rec["timeline"]:
        assert isinstance(rec["timeline"]["incident"]["year"], int)
    if "impact" in rec:
        assert rec["impact"]["overall_amount"] == sum(x["amount"] for x in rec["impact"]["loss"])
        assert len(rec["impact"]["iso_currency_code"]) == 3
    assert "facts" in rec["plus"]["breachfacts"]
    json.dumps(rec)


@pytest.fixture(scope="module")
def seed_veris(seed_extractions):
    return {k: to_veris(v) for k, v in seed_extractions.items()}


def test_seed_records_count_is_data_total(seed_veris):
    conf = seed_veris["2020-12"]["attribute"]["confidentiality"]
    assert conf["data_total"] == 20000  # "nearly 20,000 files were accessed"
    assert conf["data_disclosure"] == "Yes"


def test_seed_attack_date_is_the_incident(seed_veris):
    assert seed_veris["2020-12"]["timeline"]["incident"] == {"year": 2019, "month": 6}


def test_seed_disclosure_is_the_notification(seed_veris):
    assert seed_veris["2020-12"]["plus"]["timeline"]["notification"] == {
        "year": 2020,
        "month": 12,
        "day": 24,
    }


def test_seed_victim_and_actor(seed_veris):
    for rec in seed_veris.values():
        check_shape(rec)
        assert rec["victim"]["victim_id"] == "Mitsubishi Electric"
        ext = rec["actor"]["external"]
        assert ext["country"] == ["CN"]
        assert "hedged" in ext["notes"]


def test_seed_people_are_personal_data(seed_veris):
    conf = seed_veris["2020-01"]["attribute"]["confidentiality"]
    assert conf["data"] == [{"variety": "Personal", "amount": 8000}]


def test_seed_contract_value_is_no_impact(seed_veris):
    assert "impact" not in seed_veris["2020-12"]


def test_seed_provenance_names_the_facts(seed_veris, seed_extractions):
    used = seed_veris["2020-12"]["plus"]["breachfacts"]["facts"]
    ids = {f.id: f for f in seed_extractions["2020-12"].facts}
    assert ids[used["attribute.confidentiality.data_total"][0]].text == "nearly 20,000"
    assert ids[used["timeline.incident"][0]].text == "June 2019"


def test_incident_id_is_stable(seed_extractions):
    ex = seed_extractions["2020-12"]
    assert to_veris(ex)["incident_id"] == to_veris(ex)["incident_id"]
    assert to_veris(ex)["incident_id"] != to_veris(seed_extractions["2020-01"])["incident_id"]


def _fact(i: int, kind: str, role: str, **kw) -> Fact:
    return Fact(f"f{i}", kind, "x", 0, 1, Sentence("x", 0, 1), role=role, subject="Acme", **kw)


def test_ransomware_money_and_systems():
    facts = (
        _fact(1, "money", "ransom", value=50000, currency="USD", unit="USD"),
        _fact(2, "money", "damage", value=2e6, currency="USD", unit="USD"),
        _fact(3, "money", "fine", value=1e6, currency="USD", unit="USD"),
        _fact(4, "figure", "systems", value=300, unit="server"),
        _fact(5, "figure", "victims", value=12, unit="hotel"),
        _fact(6, "figure", "victims", value=4000, unit="patient"),
        _fact(7, "date", "attack", date="2023-03-02", granularity="day"),
        _fact(8, "date", "discovery", date="2023-03-09", granularity="day"),
    )
    events = (
        {"type": "ransomware", "realis": "actual", "victim": "Acme", "attacker": "LockBit"},
        {"type": "phishing", "realis": "actual", "victim": "Acme", "attacker": "LockBit"},
        {"type": "patch", "realis": "actual", "victim": "Acme", "attacker": "LockBit"},
    )
    rec = to_veris(Extraction(Article("a", "t", date(2023, 4, 1)), facts, events))
    check_shape(rec)
    assert rec["action"] == {
        "malware": {"variety": ["Ransomware"], "vector": ["Unknown"]},
        "social": {"variety": ["Phishing"], "vector": ["Email"]},
    }
    assert rec["actor"]["external"]["motive"] == ["Financial"]
    assert rec["impact"] == {
        "overall_amount": 3_000_000,
        "iso_currency_code": "USD",
        "loss": [
            {"variety": "Asset and fraud", "amount": 2_000_000},
            {"variety": "Legal and regulatory", "amount": 1_000_000},
        ],
    }
    assert rec["plus"]["ransom"] == {"amount": 50000, "currency": "USD"}
    assert rec["asset"] == {"assets": [{"variety": "Unknown", "amount": 300}]}
    assert rec["victim"]["locations_affected"] == 12
    conf = rec["attribute"]["confidentiality"]
    assert conf["data_victim"] == ["Patient"] and conf["data"][0]["amount"] == 4000
    assert rec["attribute"]["availability"] == {"variety": ["Obscuration"]}
    assert rec["timeline"]["incident"] == {"year": 2023, "month": 3, "day": 2}
    assert rec["timeline"]["discovery"] == {"unit": "Days", "value": 7}


def test_denied_and_generic_are_not_reported():
    facts = (_fact(1, "figure", "records", value=5000, unit="record", certainty="denied"),)
    events = ({"type": "data breach", "realis": "denied", "victim": "Acme", "attacker": None},)
    rec = to_veris(Extraction(Article("a", "t", date(2023, 4, 1)), facts, events))
    check_shape(rec)
    assert rec["security_incident"] == "Suspected"
    assert "Unknown" in rec["action"] and "Unknown" in rec["actor"]
    assert "data_total" not in rec["attribute"].get("confidentiality", {})
    assert rec["timeline"]["incident"] == {"year": 2023}


def test_write_veris_one_object_a_line(seed_extractions):
    out = io.StringIO()
    n = write_veris(seed_extractions.values(), out)
    lines = out.getvalue().splitlines()
    assert n == len(lines) == 2
    for line in lines:
        check_shape(json.loads(line))
