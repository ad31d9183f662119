"""What a capitalised name is, from its context: an organisation, a place, a person, a thing.

The model's label is weakest on names it has not seen: "Payday lender Quidco has suffered
a breach" (a GPE), "according to PhishLabs" (untagged), "Linux founder Linus Torvalds" (an
ORG). Four steps over the entity list, run by :class:`~.entities.EntityRepair`:
:func:`unknown_places` (a GPE that is no known place, ``patterns/gazetteer.json``, and acts
like an organisation), :func:`context_orgs` (untagged names in an organisation's context),
:func:`titled_people` and :func:`thing_names`. The context words are data:
``patterns/org_context.json``.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import ORTH
from spacy.tokens import Span, Token

from .known_orgs import is_known_org
from .lexicon import word_set
from .org_mentions import (
    COMPANY_TAILS,
    ORG_NOUNS,
    bare_name,
    is_known_place,
    name_runs,
    proper_nouns,
)
from .syntax import lemma

#: A name token: a proper noun with a capital letter ("PhishLabs", "eWEEK", "TP-Link").
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

#: Words of an organisation's name: no person is called "Fidelis Cybersecurity" or
#: "Japan Times" (the company words of short forms, organisation nouns, outlets' words).
_ORG_WORDS = COMPANY_TAILS | ORG_NOUNS | {"news", "times", "post"}


def unknown_places(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """GPE entities that name no known place and act like an organisation, as ORG; a
    known place in capitals that opens a paragraph (a dateline) tagged ORG, as GPE.

    A name that ends in a company word ("Fidelis Cybersecurity") is one wherever it is.
    Acting like one: the subject of a verb, a possessor, a compound of what organisations
    have or of their staff, the object of "of", "for", "by" and the like. After "in",
    "from", "across" ... a name stays a place.
    """
    gazetteer = tables.get("gazetteer") or {}
    ctx = tables.get("org_context") or {}
    if not gazetteer.get("names"):
        return ents
    out = []
    for e in ents:
        if (
            e.label_ == "GPE"
            and not is_known_place(e.text, gazetteer)
            and (_acts(e.root, ctx) or e[-1].lower_ in COMPANY_TAILS)
        ):
            e = Span(doc, e.start, e.end, label="ORG")
        elif e.label_ == "ORG" and _dateline(e) and is_known_place(e.text, gazetteer):
            e = Span(doc, e.start, e.end, label="GPE")  # "BALTIMORE —" opens the story
        out.append(e)
    return out


def _acts(root: Token, ctx: dict[str, Any]) -> bool:
    """Whether the name headed by ``root`` acts like an organisation in its sentence."""
    dep, head = root.dep_, root.head
    if dep in ("nsubj", "nsubjpass"):
        return lemma(head) in word_set(ctx, "act_verbs")  # "Quidco has suffered a breach"
    if dep in ("compound", "poss"):
        return head.pos_ == "NOUN" and lemma(head) in _owner_nouns(ctx)  # "Quidco's customers"
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        return prep in ("of", "for", "at") and lemma(gov) in _owner_nouns(ctx)
    return False


def _owner_nouns(ctx: dict[str, Any]) -> frozenset[str]:
    return word_set(ctx, "staff_nouns") | word_set(ctx, "owned_nouns")


def context_orgs(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """Proper-noun runs the model left untagged that the context marks as organisations.

    - compounded with its staff or what it owns: "PhishLabs researchers", "a Symantec
      researcher", "Twitter users", "Foxit's programs";
    - after "at", "for", "of", "with" a staff noun: "chief product officer at Rapid7";
    - a cited source: "according to PhishLabs", "reported by ZDNet", "told eWEEK";
    - the subject of what organisations do: "Oracle released", "Fidelis believes".

    A PERSON the model tagged that owns software or customers is a firm too
    ("Nuuo software", "Zscaler users").
    """
    ctx = tables.get("org_context") or {}
    if not ctx:
        return ents
    given = word_set(tables.get("first_names") or {}, "names")
    ents = [_owner_person(e, ctx, given) for e in ents]
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    proper: dict[str, list[int]] | None = None  # proper nouns by text, read when first asked
    for run in name_runs(doc, _is_name, taken, _name_goes_on, parts=_NAME_PARTS):
        if _org_acronym(run, ents, ctx):
            added.append(Span(doc, run.start, run.end, label="ORG"))
            continue
        if run.start == run.sent.start and len(run) == 1 and not doc[run.start].is_upper:
            # "Adobe has released": a sentence's first word is capitalised anyway; only
            # take it as a name where the model tagged it a proper noun in another place
            if proper is None:
                proper = proper_nouns(doc)
            if not any(i != run.start for i in proper.get(run.text, ())):
                continue
        if _dateline(run):
            continue  # "GREENFIELD — Hancock Health paid": a place, however it is parsed
        if len(run.text) > 1 and _org_context(run, ctx):
            added.append(Span(doc, run.start, run.end, label="ORG"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _name_goes_on(doc: Any, j: int) -> int:
    """Tokens past ``j`` that continue a name: a number ("Unit 42"), or a glued hyphen
    and a capitalised word ("F-Secure", "TP-Link")."""
    nxt = doc[j + 1]
    if nxt.like_num and nxt.is_digit:
        return 1
    if (
        nxt.text == "-"
        and not doc[j].whitespace_
        and not nxt.whitespace_
        and j + 2 < len(doc)
        and doc[j + 2].text[:1].isupper()
    ):
        return 2
    return 0


def _owner_person(e: Span, ctx: dict[str, Any], given: frozenset[str]) -> Span:
    """A "person" that owns software, systems or customers is a firm: "Nuuo software",
    "Zscaler users", "Quidco's customers" (the model's PERSON). A name that starts with a
    given name stays a person ("Troy Hunt's blog")."""
    if e.label_ != "PERSON" or e[0].lower_ in given or len(e) > 3:
        return e
    root = e.root
    head = root.head
    owned = word_set(ctx, "owned_nouns") | word_set(ctx, "people_nouns")
    if root.dep_ in ("compound", "poss") and head.i >= e.end and head.pos_ == "NOUN":
        if lemma(head) in owned:
            return Span(e.doc, e.start, e.end, label="ORG")
    return e


def _org_acronym(run: Span, ents: list[Span], ctx: dict[str, Any]) -> bool:
    """An acronym in parentheses after the organisation it abbreviates: "the Office of
    Personnel Management (OPM)", "a Defense Point Security (DPS) team member" (a
    capitalised expansion with an organisation word, tagged or not)."""
    if len(run) != 1 or not run.text.isupper():
        return False
    words = _expansion(run.doc, run[0])
    if not words:
        return False
    if any(e.label_ == "ORG" and e.start <= words[-1].i < e.end for e in ents):
        return True
    body = word_set(ctx, "body_words") | ORG_NOUNS
    names = [w for w in words if w.lower_ not in _FILLERS]
    return all(w.is_title or w.is_upper for w in names) and any(w.lower_ in body for w in names)


def _dateline(run: Span) -> bool:
    """Capitals opening a paragraph before a dash or comma: "GREENFIELD, Ind. —"."""
    doc = run.doc
    first = run.start == 0 or "\n" in doc[run.start - 1].text_with_ws
    return (
        first
        and run.text.isupper()
        and run.end < len(doc)
        and doc[run.end].text in (",", "\u2014", "\u2013", "-", "--")
    )


#: The parts of speech :func:`_is_name` is true for.
_NAME_PARTS = frozenset({"PROPN", "NOUN"})


def _is_name(tok: Token) -> bool:
    text = tok.text
    return (
        (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.is_title and not tok.is_lower))
        and text[:1] in _NAME_START
        and any(c.isupper() for c in text)
        and not tok.like_num
    )


def _org_context(run: Span, ctx: dict[str, Any]) -> bool:
    root = run.root
    dep, head = root.dep_, root.head
    staff = word_set(ctx, "staff_nouns")
    prev = run.doc[run.start - 1] if run.start > 0 else None
    if prev is not None and prev.is_lower and lemma(prev) in ORG_NOUNS:
        return True  # "cybersecurity firm F-Secure"
    if any(c.dep_ == "appos" and lemma(c) in ORG_NOUNS for c in root.children):
        return True  # "F-Secure, a Finnish cybersecurity firm"
    if dep in ("compound", "poss") and head.pos_ == "NOUN" and head.i >= run.end:
        return lemma(head) in _owner_nouns(ctx)
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        if prep in ("at", "for", "with", "of") and gov.pos_ == "NOUN" and lemma(gov) in staff:
            return True
        if prep == "to" and gov.lower_ == "according":
            return True
        return prep == "by" and lemma(gov) in word_set(ctx, "source_verbs")
    if dep in ("dative", "dobj") and lemma(head) == "tell":
        return True
    return dep == "nsubj" and lemma(head) in word_set(ctx, "act_verbs")


def titled_people(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """Organisation mentions that a person's title or an honorific introduces, as PERSON.

    "Linux founder Linus Torvalds", "a Symantec researcher named Candid Wueest": a name of
    two or three capitalised words with no organisation word in it, right after a title
    (or a title and "named" / "called"), is a person; so is one after an honorific
    ("President Trump", "Mr. Gates", even where the name is a known organisation's).

    Given names alone do not decide: tried (a name starting with a given name of
    ``patterns/first_names.json`` as a person), it cost recall on the validation half
    (firms named after people), so they only keep a known organisation's name from a
    person's (:mod:`.known_orgs`).
    """
    ctx = tables.get("org_context") or {}
    titles, honorifics = word_set(ctx, "person_titles"), word_set(ctx, "honorifics")
    if not titles:
        return ents
    out = []
    for e in ents:
        if e.label_ == "ORG" and _titled(e, titles, honorifics):
            e = Span(doc, e.start, e.end, label="PERSON")
        out.append(e)
    return out


def _titled(e: Span, titles: frozenset[str], honorifics: frozenset[str]) -> bool:
    words = [t for t in e if t.text not in ("'s", "\u2019s")]
    if not 1 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
        return False
    if any(t.lower_ in _ORG_WORDS for t in words):
        return False
    doc = e.doc
    k = e.start - 1
    if k >= 0 and doc[k].lower_.rstrip(".") in honorifics:
        return True  # "President Trump's meeting", "Mr. Hypponen"
    if len(words) < 2:
        return False
    if k >= 0 and doc[k].lower_ in ("named", "called"):
        k -= 1
    return k >= 0 and doc[k].pos_ == "NOUN" and not doc[k].is_title and lemma(doc[k]) in titles


def thing_names(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """``ents`` without the organisation names that name things, in every mention.

    - a malware name: next to a malware noun ("the Satan ransomware", "botnet 'Tsunami'");
    - an acronym whose expansion has no organisation word in it ("Secure Payment Solution
      (SPS)", "DVR (digital video recorder)"; not "Office of Personnel Management (OPM)");
    - a name that only modifies a product or system noun ("the Aadhaar database", "a SIM
      card") and never acts like an organisation in the article;
    - a piece of a hyphenated word ("Wi-Fi");
    - a name given to a thing: "a service called AutoStartup", "a receiver named
      BootComplete", "dubbed the HospitalGown threat" (not "a firm called Quidco", "a group
      known as the Shadow Brokers");
    - a person's title ("County Commissioner"), a user name ("the Twitter handle X");
    - capitalised common nouns written in lower case elsewhere ("Security Researchers");
    - a word without a capital letter ("5,000 [hotels]");
    - a name followed by a version number ("Git 2.19.1").

    (Tried and dropped, as they cost recall on the validation half: a name headed by a
    product or system noun, "Critical Patch Update", as a thing; an undefined acronym that
    never acts, "SSID", as a thing.)

    A known organisation (``patterns/known_orgs.json``) is never dropped this way.
    """
    ctx = tables.get("org_context") or {}
    if not ctx or not any(e.label_ == "ORG" for e in ents):
        return ents
    malware = word_set(ctx, "malware_name_nouns")
    known = tables.get("known_orgs") or {}
    mentions: dict[str, list[Span]] = {}
    for e in ents:
        if e.label_ == "ORG":
            mentions.setdefault(bare_name(e.text), []).append(e)
    bad = set()
    index = token_index(doc)
    for name, spans in mentions.items():
        if is_known_org(name, known):
            continue
        words = [t.text for t in spans[0] if t.text not in ("'s", "\u2019s")]
        seen = _occurrences(doc, words, index)  # every mention, tagged or not
        if (
            _handle(name)
            or _uncapitalised(name, spans[0])
            or any(_after_handle_noun(m) for m in seen)
            or any(_hyphen_piece(m) for m in spans)
            or any(_next_to(m, malware) for m in seen)
            or _thing_acronym(doc, name, index, ctx)
            or any(_unit_after_number(m) for m in spans)
            or any(_named_thing(m, ctx) for m in seen)
            or _a_title(spans[0], ctx)
            or any(_versioned(m) for m in seen)
            or (
                not any(_acts_as_org(m, ctx) for m in seen)
                and any(_modifies(m, word_set(ctx, "thing_nouns")) for m in spans)
            )
        ):
            bad.add(name)
    if not bad:
        return ents
    return [e for e in ents if not (e.label_ == "ORG" and bare_name(e.text) in bad)]


#: Nouns right before a user name: "the Twitter handle SandboxEscaper".
_HANDLE_NOUNS = frozenset({"handle", "nickname", "alias", "moniker", "username", "pseudonym"})

#: Words that give a name: "a service *called* X", "*dubbed* X", "*known as* X".
_NAMING = frozenset({"called", "named", "dubbed", "codenamed", "nicknamed", "as"})


def _named_thing(e: Span, ctx: dict[str, Any]) -> bool:
    """Whether ``e`` is the name given to a thing: "a broadcast receiver named BootComplete".

    The word that gives the name ("called", "named", "dubbed", "known as") follows a noun
    that is no organisation, group or person ("service", "receiver", "threat", "attack"),
    or opens the sentence ("Called WorkSpaces, it ...").
    """
    doc = e.doc
    k = e.start - 1
    while k >= 0 and (doc[k].is_quote or doc[k].lower_ == "the"):
        k -= 1
    if k < 0 or doc[k].lower_ not in _NAMING:
        return False
    verb = doc[k]
    if verb.lower_ == "as":
        if k == 0 or doc[k - 1].lower_ != "known":
            return False
        verb = doc[k - 1]
    noun = verb.head if verb.dep_ in ("acl", "relcl", "amod") else None
    if noun is None and verb.i != verb.sent.start:
        # "the malware app, dubbed "Charger"": the nearest noun before, past punctuation
        k = verb.i - 1
        while k > verb.sent.start and doc[k].is_punct:
            k -= 1
        noun = doc[k] if doc[k].pos_ == "NOUN" else None
    if noun is None:
        return verb.i == verb.sent.start  # "Called WorkSpaces, it ..."
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    keep = ORG_NOUNS | word_set(ctx, "person_titles") | word_set(ctx, "group_nouns")
    return lemma(noun) not in keep


def _uncapitalised(name: str, e: Span) -> bool:
    """One word without a capital letter ("5,000 [hotels]"; a user pattern may tag
    "zorbex crew"), or capitalised common nouns (below)."""
    return (" " not in name and not any(c.isupper() for c in name)) or _generic_phrase(e)


def _generic_phrase(e: Span) -> bool:
    """Capitalised common nouns the article also writes in lower case: "Security
    Researchers will typically submit ..." where "security researchers" recurs."""
    words = [t for t in e if t.is_alpha]
    if len(words) < 2 or any(t.pos_ != "NOUN" or not t.is_title for t in words):
        return False
    lower = {t.lower_ for t in e.doc if t.is_lower}
    return all(t.lower_ in lower for t in words)


def _versioned(e: Span) -> bool:
    """A name followed by a version number is a product: "Git 2.19.1", "iOS 12.1"."""
    doc = e.doc
    if e.end >= len(doc):
        return False
    nxt = doc[e.end]
    return nxt.like_num and "." in nxt.text and nxt.text.replace(".", "").isdigit()


def _a_title(e: Span, ctx: dict[str, Any]) -> bool:
    """A person's title, not a body: "County Commissioner" (not "Information Commissioner's
    Office": a body word makes it one)."""
    words = [t for t in e if t.is_alpha]
    if not words or lemma(words[-1]) not in word_set(ctx, "person_titles"):
        return False
    return not any(t.lower_ in word_set(ctx, "body_words") for t in words)


def _after_handle_noun(e: Span) -> bool:
    """A name right after "handle", "nickname", "alias": a person's user name."""
    k = e.start - 1
    while k >= 0 and e.doc[k].is_quote:
        k -= 1
    return k >= 0 and e.doc[k].lower_ in _HANDLE_NOUNS


def _handle(name: str) -> bool:
    """A user name, not a firm: letters run into three or more digits ("Cipher0007")."""
    return " " not in name and bool(_HANDLE.match(name))


_HANDLE = re.compile(r"^[A-Za-z_]+[A-Za-z_.]*\d{3,}$")


def _occurrences(doc: Any, words: list[str], index: dict[str, list[int]]) -> list[Span]:
    """Every mention of the name whose tokens are ``words``, tagged or not.

    Matched on tokens through ``index`` (token text -> positions, :func:`token_index`): a
    character search with a ``char_span`` per hit took seconds on a long article.
    """
    out = []
    n = len(words)
    for i in index.get(words[0], ()) if words else ():
        if i + n <= len(doc) and all(doc[i + k].text == words[k] for k in range(1, n)):
            out.append(doc[i : i + n])
    return out


def token_index(doc: Any) -> dict[str, list[int]]:
    """Token text -> the positions it stands at."""
    by_orth: dict[int, list[int]] = {}
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):  # no Token object per token
        by_orth.setdefault(orth, []).append(i)
    strings = doc.vocab.strings
    return {strings[orth]: at for orth, at in by_orth.items()}


def _hyphen_piece(e: Span) -> bool:
    doc = e.doc
    first, last = doc[e.start], doc[e.end - 1]
    before = e.start > 0 and doc[e.start - 1].text == "-" and not doc[e.start - 1].whitespace_
    after = e.end < len(doc) and doc[e.end].text == "-" and not last.whitespace_
    return bool(before and first.i >= 2 and not doc[e.start - 2].whitespace_) or bool(
        after and e.end + 1 < len(doc) and doc[e.end + 1].is_lower and len(first.text) <= 2
    )


def _next_to(e: Span, nouns: frozenset[str]) -> bool:
    """A malware noun right before or after the name, quotes skipped: "botnet “Tsunami”"."""
    doc = e.doc
    quotes = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"}
    k = e.start - 1
    while k >= 0 and doc[k].text in quotes:
        k -= 1
    j = e.end
    while j < len(doc) and doc[j].text in quotes:
        j += 1
    return (k >= 0 and lemma(doc[k]) in nouns) or (j < len(doc) and lemma(doc[j]) in nouns)


def _unit_after_number(e: Span) -> bool:
    """A short word right after a number, or one glued to it, is its unit: "43 TB", "43TB"."""
    doc = e.doc
    if len(e) != 1 or e.start == 0 or not doc[e.start - 1].like_num:
        return False
    return len(e.text) <= 3 or not doc[e.start - 1].whitespace_


def _modifies(e: Span, nouns: frozenset[str]) -> bool:
    root = e.root
    return (
        root.dep_ in ("compound", "nmod", "amod")
        and root.head.i >= e.end
        and lemma(root.head) in nouns
    )


def _acts_as_org(e: Span, ctx: dict[str, Any]) -> bool:
    """Whether this mention does what only organisations (or people) do in its sentence."""
    root = e.root
    dep, head = root.dep_, root.head
    if dep == "nsubj":
        return lemma(head) in word_set(ctx, "act_verbs")  # not "HospitalGown makes ..."
    if dep in ("nsubjpass", "poss", "appos", "agent"):
        return True
    if dep == "compound" and head.i >= e.end:
        return lemma(head) in word_set(ctx, "staff_nouns") | word_set(ctx, "people_nouns")
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        if prep in ("of", "for") and lemma(gov) in word_set(ctx, "people_nouns"):
            return True  # "customers of Quidco"
        if prep == "to" and gov.lower_ == "according":
            return True
        if prep == "by":
            return True
        return prep in ("at", "for", "with") and lemma(gov) in word_set(ctx, "staff_nouns")
    return dep in ("dative", "dobj") and lemma(head) in word_set(ctx, "source_verbs")


def _thing_acronym(doc: Any, name: str, index: dict[str, list[int]], ctx: dict[str, Any]) -> bool:
    """An acronym defined in the text by an expansion with no organisation word."""
    if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6):
        return False
    body = word_set(ctx, "body_words") | ORG_NOUNS
    for i in index.get(name, ()):
        expansion = _expansion(doc, doc[i])
        if expansion is not None:
            if lemma(expansion[-1]) in word_set(ctx, "thing_nouns"):
                return True  # "Kaspersky Security Analyst Summit (SAS)"
            return not any(t.lower_ in body for t in expansion)
    return False


def _expansion(doc: Any, tok: Token) -> list[Token] | None:
    """The words ``tok`` abbreviates: "Secure Payment Solution (SPS)", "DVR (digital video
    recorder)"; None when the text defines no expansion there."""
    letters = tok.text.lower()
    i = tok.i
    if i >= 1 and doc[i - 1].text == "(" and i + 1 < len(doc) and doc[i + 1].text == ")":
        words = [t for t in doc[max(0, i - 12) : i - 1] if t.is_alpha]
        return _spelling(words[::-1], letters[::-1], reverse=True)
    if i + 2 < len(doc) and doc[i + 1].text == "(":
        close = next((k for k in range(i + 2, min(len(doc), i + 14)) if doc[k].text == ")"), None)
        if close is not None:
            words = [t for t in doc[i + 2 : close] if t.is_alpha]
            return _spelling(words, letters, reverse=False)
    return None


_FILLERS = frozenset({"of", "and", "for", "the", "&", "on", "in"})


def _spelling(words: list[Token], letters: str, reverse: bool) -> list[Token] | None:
    """The words whose initials spell ``letters`` (fillers allowed between), or None."""
    out: list[Token] = []
    k = 0
    for w in words:
        if k == len(letters):
            break
        if w.lower_[:1] == letters[k]:
            out.append(w)
            k += 1
        elif w.lower_ in _FILLERS and out:
            out.append(w)
        else:
            return None
    if k != len(letters):
        return None
    return out[::-1] if reverse else out
