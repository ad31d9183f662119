"""Names of things, not organisations: malware, products, services, handles, titles.

The last step of :class:`~.entities.EntityRepair` over organisation mentions (after
:mod:`.org_context` has made organisations of names that act like them): a name the context
shows to be a thing is dropped. The context words are data: ``patterns/org_context.json``.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import ORTH
from spacy.tokens import Span, Token

from .known_orgs import is_known_org
from .lexicon import word_set
from .org_mentions import ORG_NOUNS, bare_name
from .syntax import lemma

__all__ = ["FILLERS", "expansion", "thing_names", "token_index"]


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
        words = expansion(doc, doc[i])
        if words is not None:
            if lemma(words[-1]) in word_set(ctx, "thing_nouns"):
                return True  # "Kaspersky Security Analyst Summit (SAS)"
            return not any(t.lower_ in body for t in words)
    return False


def expansion(doc: Any, tok: Token) -> list[Token] | None:
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


FILLERS = frozenset({"of", "and", "for", "the", "&", "on", "in"})


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
        elif w.lower_ in FILLERS and out:
            out.append(w)
        else:
            return None
    if k != len(letters):
        return None
    return out[::-1] if reverse else out
