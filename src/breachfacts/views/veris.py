"""One VERIS-shaped incident record per article (VERIS 1.3.x field names).

The mapping from facts to fields is documented in ``docs/veris.md``: records counts ->
``attribute.confidentiality.data_total``; victim counts -> ``confidentiality.data`` and
``data_victim`` (people) or ``victim.locations_affected`` (hotels, stores); money ->
``impact``; dates -> ``timeline``; event types -> ``action``; the attacker -> ``actor``.
Every record carries ``plus.breachfacts`` with the ids of the facts each field came from.

Example:
    >>> from breachfacts.facts import Article, Extraction
    >>> rec = to_veris(Extraction(Article("a.txt", "text"), facts=()))
    >>> rec["schema_version"], rec["source_id"], sorted(rec["actor"])
    ('1.3.7', 'breachfacts', ['Unknown'])
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import IO, Any

from ..facts import Extraction, Fact, json_text

SCHEMA_VERSION = "1.3.7"
SOURCE_ID = "breachfacts"
#: Namespace of ``incident_id``: uuid5 of the article source, so re-runs give the same id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/breachfacts/breachfacts")

#: breachfacts event type -> (VERIS action category, variety, vector)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "ransomware": ("malware", "Ransomware", "Unknown"),
    "phishing": ("social", "Phishing", "Email"),
    "vulnerability disclosure": ("hacking", "Exploit vuln", "Unknown"),
    "data breach": ("hacking", "Unknown", "Unknown"),
}
#: money role -> VERIS impact.loss.variety (ransom is reported under plus, see docs)
LOSSES = {
    "damage": "Asset and fraud",
    "fine": "Legal and regulatory",
    "settlement": "Legal and regulatory",
}
#: counted noun -> VERIS attribute.confidentiality.data_victim
DATA_VICTIMS = {
    "customer": "Customer",
    "consumer": "Customer",
    "user": "Customer",
    "client": "Customer",
    "subscriber": "Customer",
    "member": "Customer",
    "guest": "Customer",
    "shopper": "Customer",
    "player": "Customer",
    "employee": "Employee",
    "staff": "Employee",
    "worker": "Employee",
    "retiree": "Former employee",
    "patient": "Patient",
    "student": "Student",
    "applicant": "Prospective employee",
}
#: counted nouns of victim organisations: a count of them is victim.locations_affected
LOCATIONS = {
    "hotel", "store", "shop", "restaurant", "location", "branch", "office", "hospital",
    "clinic", "school", "pharmacy",
}  # fmt: skip
#: demonym in an attacker description -> ISO 3166 country
COUNTRIES = {
    "chinese": "CN", "russian": "RU", "north korean": "KP", "iranian": "IR",
    "vietnamese": "VN", "ukrainian": "UA", "brazilian": "BR", "nigerian": "NG",
    "american": "US", "israeli": "IL", "pakistani": "PK", "indian": "IN", "turkish": "TR",
}  # fmt: skip
STATE = ("state-sponsored", "nation-state", "state-backed", "apt", "espionage", "government")
CRIME = ("cybercrime", "criminal", "gang", "ransomware", "extortion", "fraud")


def to_veris(extraction: Extraction) -> dict[str, Any]:
    """A VERIS 1.3.x incident record for one article's facts and events."""
    art = extraction.article
    facts = [f for f in extraction.facts if f.certainty != "denied"]
    events = [e for e in extraction.events if e.get("realis") == "actual"]
    victim = next((e.get("victim") for e in extraction.events if e.get("victim")), None)
    used: dict[str, list[str]] = {}

    rec: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "incident_id": str(uuid.uuid5(NAMESPACE, art.id)),
        "source_id": SOURCE_ID,
        "security_incident": "Confirmed" if _attack(events) else "Suspected",
        "summary": _summary(extraction),
        "reference": str(art.meta.get("url") or art.id),
        "victim": _victim(victim, facts, used),
        "actor": _actor(extraction, used),
        "action": _action(events),
        "attribute": _attribute(facts, events, victim, used),
        "timeline": _timeline(facts, victim, used, art.published),
    }
    impact = _impact(facts, victim, used)
    if impact:
        rec["impact"] = impact
    assets = _assets(facts, victim, used)
    if assets:
        rec["asset"] = {"assets": assets}
    rec["plus"] = _plus(extraction, facts, victim, used)
    return rec


def write_veris(extractions: Iterable[Extraction], out: IO[str]) -> int:
    """Write one VERIS JSON object a line; the number of records written."""
    n = 0
    for ex in extractions:
        out.write(json_text(to_veris(ex)) + "\n")
        n += 1
    return n


# ---------------------------------------------------------------------------


def _attack(events: list[dict[str, Any]]) -> bool:
    return any(e["type"] in ("data breach", "ransomware", "phishing") for e in events)


def _summary(ex: Extraction) -> str:
    if ex.article.title:
        return ex.article.title
    for e in ex.events:
        if e.get("realis") == "actual" and e.get("sentences"):
            return " ".join(e["sentences"][0]["text"].split())[:500]
    return " ".join(ex.article.text.split())[:200]


def _about(f: Fact, victim: str | None) -> bool:
    return victim is None or f.subject in (None, victim)


def _amount(f: Fact) -> int | None:
    """The stated number, else the bound the wording gives ("more than 8,000" -> 8000)."""
    x = f.value if f.value is not None else (f.low if f.low is not None else f.high)
    return None if x is None else int(x)


def _largest(facts: Iterable[Fact]) -> tuple[int, Fact] | None:
    best = None
    for f in facts:
        a = _amount(f)
        if a is not None and (best is None or a > best[0]):
            best = (a, f)
    return best


def _victim(victim: str | None, facts: list[Fact], used: dict[str, list[str]]) -> dict[str, Any]:
    v: dict[str, Any] = {
        "victim_id": victim or "Unknown",
        "industry": "000",
        "country": ["Unknown"],
        "employee_count": "Unknown",
    }
    loc = _largest(
        f
        for f in facts
        if f.kind == "figure" and f.role == "victims" and (f.unit or "") in LOCATIONS
    )
    if loc is not None:
        v["locations_affected"] = loc[0]
        used["victim.locations_affected"] = [loc[1].id]
    if victim:
        used["victim.victim_id"] = [
            f.id for f in facts if f.kind == "organisation" and f.canonical == victim
        ]
    return v


def _actor(ex: Extraction, used: dict[str, list[str]]) -> dict[str, Any]:
    ev = next((e for e in ex.events if e.get("attacker")), None)
    if ev is None:
        return {"Unknown": {"notes": "no attacker named"}}
    name: str = ev["attacker"]
    low = name.lower()
    types = {e["type"] for e in ex.events}
    if any(w in low for w in STATE):
        variety, motive = "Nation-state", "Espionage"
    elif any(w in low for w in CRIME) or "ransomware" in types:
        variety, motive = "Organized crime", "Financial"
    elif "hacktivist" in low:
        variety, motive = "Activist", "Ideology"
    else:
        variety, motive = "Unknown", "Unknown"
    external: dict[str, Any] = {
        "variety": [variety],
        "motive": [motive],
        "notes": f"{name} (certainty: {ev.get('attacker_certainty') or 'unknown'})",
    }
    country = next((c for k, c in COUNTRIES.items() if k in low), None)
    external["country"] = [country or "Unknown"]
    ids = [f.id for f in ex.facts if f.kind == "organisation" and f.canonical == name]
    if ids:
        used["actor.external"] = ids
    return {"external": external}


def _action(events: list[dict[str, Any]]) -> dict[str, Any]:
    action: dict[str, Any] = {}
    for e in events:
        spec = ACTIONS.get(e["type"])
        if spec is None:
            continue
        cat, variety, vector = spec
        a = action.setdefault(cat, {"variety": [], "vector": []})
        if variety not in a["variety"]:
            a["variety"].append(variety)
        if vector not in a["vector"]:
            a["vector"].append(vector)
    hacking = action.get("hacking")
    if hacking and len(hacking["variety"]) > 1 and "Unknown" in hacking["variety"]:
        hacking["variety"].remove("Unknown")
    if (
        "hacking" in action
        and len(action) > 1
        and hacking
        == {
            "variety": ["Unknown"],
            "vector": ["Unknown"],
        }
    ):
        del action["hacking"]  # a breach by ransomware or phishing is not also a hack
    return action or {"Unknown": {"notes": "no attack reported as happened"}}


def _attribute(
    facts: list[Fact], events: list[dict[str, Any]], victim: str | None, used: dict[str, list[str]]
) -> dict[str, Any]:
    attr: dict[str, Any] = {}
    records = _largest(
        f for f in facts if f.kind == "figure" and f.role == "records" and _about(f, victim)
    )
    people = [
        f
        for f in facts
        if f.kind == "figure"
        and f.role == "victims"
        and (f.unit or "") not in LOCATIONS
        and _about(f, victim)
    ]
    types = {e["type"] for e in events}
    if records or people or "data breach" in types:
        conf: dict[str, Any] = {"data_disclosure": "Yes" if "data breach" in types else "Unknown"}
        if records is not None:
            conf["data_total"] = records[0]
            used["attribute.confidentiality.data_total"] = [records[1].id]
        most = _largest(people)
        if most is not None:
            conf["data"] = [{"variety": "Personal", "amount": most[0]}]
            used["attribute.confidentiality.data"] = [most[1].id]
        kinds = sorted({DATA_VICTIMS[f.unit] for f in people if f.unit in DATA_VICTIMS})
        if kinds:
            conf["data_victim"] = kinds
        attr["confidentiality"] = conf
    if "ransomware" in types:
        attr["availability"] = {"variety": ["Obscuration"]}
    return attr


def _date_parts(iso: str | None) -> dict[str, int]:
    """``2019-06`` -> {year: 2019, month: 6}; weeks, quarters and decades give the year."""
    if not iso or not iso[:4].isdigit():
        return {}
    parts = {"year": int(iso[:4])}
    bits = iso.split("-")
    if len(bits) >= 2 and bits[1].isdigit():
        parts["month"] = int(bits[1])
        if len(bits) == 3 and bits[2].isdigit():
            parts["day"] = int(bits[2])
    return parts


def _first_date(facts: list[Fact], role: str, victim: str | None) -> Fact | None:
    return next(
        (f for f in facts if f.kind == "date" and f.role == role and f.date and _about(f, victim)),
        None,
    )


def _timeline(
    facts: list[Fact], victim: str | None, used: dict[str, list[str]], published: date | None
) -> dict[str, Any]:
    tl: dict[str, Any] = {}
    attack = _first_date(facts, "attack", victim)
    found = _first_date(facts, "discovery", victim)
    if attack is not None and _date_parts(attack.date):
        tl["incident"] = _date_parts(attack.date)
        used["timeline.incident"] = [attack.id]
    if attack is not None and found is not None:
        gap = _gap(tl.get("incident", {}), _date_parts(found.date))
        if gap is not None:
            tl["discovery"] = gap
            used["timeline.discovery"] = [attack.id, found.id]
    if "incident" not in tl and found is not None and _date_parts(found.date):
        tl["incident"] = {"year": _date_parts(found.date)["year"]}  # no later than found
        used["timeline.incident"] = [found.id]
    if "incident" not in tl and published is not None:
        tl["incident"] = {"year": published.year}  # VERIS needs a year: the report's
        used["timeline.incident"] = ["published"]
    return tl


def _gap(start: dict[str, int], end: dict[str, int]) -> dict[str, Any] | None:
    """Time from incident to discovery in VERIS units (Days or Months), if both are known."""
    if "day" in start and "day" in end:
        days = (
            date(end["year"], end["month"], end["day"])
            - date(start["year"], start["month"], start["day"])
        ).days
        return {"unit": "Days", "value": days} if days >= 0 else None
    if "month" in start and "month" in end:
        months = (end["year"] - start["year"]) * 12 + end["month"] - start["month"]
        return {"unit": "Months", "value": months} if months >= 0 else None
    return None


def _impact(
    facts: list[Fact], victim: str | None, used: dict[str, list[str]]
) -> dict[str, Any] | None:
    money = [f for f in facts if f.kind == "money" and f.role in LOSSES and _about(f, victim)]
    # one currency: restatements ("100 billion yen ($874 million)") count once, in dollars
    restated = {f.equivalent_of for f in money if f.equivalent_of}
    money = [f for f in money if f.id not in restated or f.currency == "USD"]
    if not money:
        return None
    currency = "USD" if any(f.currency == "USD" for f in money) else money[0].currency
    money = [f for f in money if f.currency == currency]
    loss = [
        {"variety": LOSSES[f.role or ""], "amount": a}
        for f in money
        if (a := _amount(f)) is not None
    ]
    if not loss:
        return None
    used["impact"] = [f.id for f in money]
    return {
        "overall_amount": sum(x["amount"] for x in loss),
        "iso_currency_code": currency,
        "loss": loss,
    }


def _assets(
    facts: list[Fact], victim: str | None, used: dict[str, list[str]]
) -> list[dict[str, Any]]:
    systems = _largest(
        f for f in facts if f.kind == "figure" and f.role == "systems" and _about(f, victim)
    )
    if systems is None:
        return []
    used["asset.assets"] = [systems[1].id]
    return [{"variety": "Unknown", "amount": systems[0]}]


def _plus(
    ex: Extraction, facts: list[Fact], victim: str | None, used: dict[str, list[str]]
) -> dict[str, Any]:
    plus: dict[str, Any] = {}
    told = _first_date(facts, "disclosure", victim)
    if told is not None and _date_parts(told.date):
        plus["timeline"] = {"notification": _date_parts(told.date)}
        used["plus.timeline.notification"] = [told.id]
    ransom = _largest(
        f for f in facts if f.kind == "money" and f.role == "ransom" and not f.equivalent_of
    )
    if ransom is not None:
        plus["ransom"] = {"amount": ransom[0], "currency": ransom[1].currency}
        used["plus.ransom"] = [ransom[1].id]
    plus["breachfacts"] = {
        "source": ex.article.id,
        "published": ex.article.published.isoformat() if ex.article.published else None,
        "events": [{"type": e["type"], "realis": e["realis"]} for e in ex.events],
        "facts": used,
    }
    return plus
