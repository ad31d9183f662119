"""Find the paragraphs of a news page that are not the article.

Advertising, newsletter sign-ups, cookie notices, "Related"/"Read more" lists, share
prompts, photo captions and copyright footers carry figures and dates that are not
facts about the attack. ``boilerplate_spans`` marks them so the pipeline can skip them.

The rules work on paragraphs (lines; hard-wrapped lines are joined first):

* a *marked* paragraph is short and says something only boilerplate says
  ("Sign up for our newsletter", "We use cookies", "Read more:", "(file photo)");
* a *block* starts at a marked paragraph or a promo question ("How well do you know
  your competitors?") and runs over the short, title-like or sales-talk paragraphs that
  follow, up to the next paragraph of reported prose. A block is kept only if it holds
  a marked paragraph, so a rhetorical question in the article is never enough.

Long paragraphs are never marked on their own, so an article that is one block of text
(as many corpora store them) is left alone.

Example:
    >>> text = "Hackers stole 8,000 records.\\n\\nSign up for our daily newsletter.\\n"
    >>> [text[s:e] for s, e in boilerplate_spans(text)]
    ['Sign up for our daily newsletter.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# "Related articles", "Read more:": the title-like lines after it are the list.
_LIST_HEADER_RE = (
    r"^\W*(?:read more|read next|read also|also read|more reading|further reading|"
    r"related(?: articles?| stories| posts| coverage| content| news| reading)?|"
    r"see also|recommended(?: for you| reading)?|you (?:may|might) also like|"
    r"more (?:from|on|like this|stories|news)|most (?:read|popular)|trending(?: now)?|"
    r"editor'?s picks|don'?t miss)\b\W*(?::|$|[\-–—|»›>])"
)
_LIST_HEADER = re.compile(_LIST_HEADER_RE, _I)

# Things only boilerplate says. Each is one cue; a paragraph's cues are counted.
_CUES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, _I)
    for p in (
        # newsletters and subscriptions
        # (the verb only: news about attacks says "subscription" and "subscribers")
        r"\b(?:un)?subscribe\b",
        r"\b(?:our|daily|weekly|free|email|e-mail|morning|evening)\s+newsletters?\b|"
        r"\bnewsletters?\s+(?:sign|subscri)",
        r"\bsign(?:\s|-)?up\b|\bregister (?:now|today|here|for free)\b",
        r"\b(?:enter|submit|provide) your (?:work |business |corporate )?e-?mail\b",
        r"\b(?:to|in) your inbox\b",
        # cookies and privacy notices
        r"\bcookies?\b.{0,80}\b(?:polic(?:y|ies)|accept|consent|settings|experience|use)\b",
        r"\b(?:we|this (?:web)?site) uses? cookies\b",
        r"\b(?:our|visit|read|see|view|review)\s+(?:the\s+)?(?:privacy|cookie)\s+"
        r"(?:policy|notice|statement)\b|\bour terms (?:of|and) (?:use|service|conditions)\b",
        # advertising and promotion
        r"^\W*(?:advertisement|advertising|advert|ad|sponsored(?: content| post| by)?|"
        r"promoted(?: content)?|partner content|paid (?:content|post))\W*(?:$|[:\-–—|])",
        r"\bclick here\b|\btap here\b",
        r"\bdownload (?:the|our|a|your) (?:free|full|complete)\b",
        r"\bfree (?:sample|trial|report|e-?book|white ?paper|webinar|download|demo|guide)\b",
        r"\brequest a (?:demo|quote|sample)\b|\bbook a demo\b|\bstart your free\b",
        r"\bthank you!|\byour download\b",
        r"\b(?:not ready to buy|buy now|shop now|limited[- ]time offer|% off\b)",
        _LIST_HEADER_RE,
        # share and follow prompts
        r"\bshare (?:this|on)\b|\bfollow us\b|\blike us on\b|\bjoin (?:us|the conversation) on\b",
        r"^\W*(?:share|tweet|e-?mail|print|pin|whatsapp|linkedin|facebook|twitter)\W*$",
        r"\b(?:follow|find) (?:\w+ )?on (?:twitter|facebook|linkedin|instagram|x)\b",
        # captions and credits
        r"^\W*(?:photo|image|picture|illustration|graphic|video)s?\b\s*(?:/|:|\||credit)",
        r"\bfile (?:photo|picture|image)\b|\billustration (?:photo|picture)\b",
        r"\b(?:photo|image|picture)(?:graph)?s? (?:credit|courtesy|by|via|source)\b",
        r"\((?:photo|image|picture|credit|source|illustration)\b[^)]{0,80}\)",
        r"\b(?:getty images|shutterstock|istock(?:photo)?|alamy|dreamstime|unsplash)\b",
        r"\b(?:AP|AFP|EPA|Reuters|Bloomberg|PA)(?: Photo)?\s*/\s*[A-Z]",
        r"\bimage used for illustrative purposes\b|\bstock (?:photo|image)\b",
        # copyright footers
        r"^\W*(?:©|\(c\)|copyright\b)|\ball rights reserved\b",
    )
)
# A promo question: short, ends in "?", talks to the reader.
_PROMO_QUESTION = re.compile(r"^[^?]{0,100}\b(?:you|your)\b[^?]{0,100}\?$", _I)
# "By GlobalData": a short credit line. Digits stay out: "By Jane Doe, March 4" is a byline.
_BY_LINE = re.compile(r"^By\s+[A-Z][\w&'.\-]*(?:\s+[A-Z&][\w&'.\-]*){0,4}$")
# Sales talk: the reader and the seller, not the people in the story.
_SALES = re.compile(r"\b(?:you|your|yours|we|our|us)\b", _I)
_IMPERATIVE = re.compile(
    r"^\W*(?:access|save|gain|get|grab|download|register|join|try|learn|discover|find out|"
    r"click|visit|subscribe|sign|claim|unlock|explore|start|book|request|contact|buy|order)\b",
    _I,
)
# Reported prose: attribution or quotation marks mean the story has resumed.
_REPORTED = re.compile(
    r"\b(?:said|says|told|according to|reported|stated|confirmed|added|announced|"
    r"admitted|disclosed|revealed)\b|[\"“”]",
    _I,
)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")

# Sizes in words.
_MARKED_ALONE = 50  # a paragraph with one cue is marked up to this length
_MARKED_MULTI = 120  # with two or more cues
_SHORT = 8  # a paragraph this short continues a block
_TITLE_LIKE = 16  # so does one up to this long with no sentence end
_ONE_BREAK = ("\n", "\r\n", "\r")  # between two lines of one paragraph


@dataclass(frozen=True)
class _Para:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the boilerplate paragraphs and blocks of ``text``.

    Spans are sorted, do not overlap, and start and end on non-space characters;
    the whitespace between the paragraphs of a block is inside its span.

    Example:
        >>> text = "The bank lost $5 million.\\n\\nPhoto: Reuters/John Smith\\n\\nIt said so."
        >>> boilerplate_spans(text)
        [(27, 52)]
    """
    paras = _paragraphs(text)
    marked = [_is_marked(p) for p in paras]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(paras):
        if not (marked[i] or _PROMO_QUESTION.match(paras[i].text)):
            i += 1
            continue
        j = i + 1
        while j < len(paras) and (marked[j] or _continues_block(paras[j])):
            j += 1
        if any(marked[i:j]):
            spans.append(
                (paras[_block_first(paras, i)].start, paras[_block_last(paras, marked, i, j)].end)
            )
        i = j
    return _merge(spans)


def _block_first(paras: list[_Para], i: int) -> int:
    """Step back over a sales headline ("Get the latest security news") before a block."""
    while i > 0 and _is_title_like(paras[i - 1]) and _is_sales(paras[i - 1]):
        i -= 1
    return i


def _block_last(paras: list[_Para], marked: list[bool], i: int, j: int) -> int:
    """The last paragraph of the block ``paras[i:j]``.

    Trailing short lines belong to it only if a marked or sales paragraph follows them,
    or if they are the titles listed under a "Related articles" header.
    """
    last, listing = i, False
    for k in range(i, j):
        if marked[k] or _is_sales(paras[k]) or (listing and _is_title_like(paras[k])):
            last = k
            listing = listing or bool(_LIST_HEADER.search(paras[k].text))
        else:
            listing = False
    return last


def _is_title_like(para: _Para) -> bool:
    words = para.words
    return words <= _SHORT or (words <= _TITLE_LIKE and not _SENTENCE_END.search(para.text))


def _paragraphs(text: str) -> list[_Para]:
    """Non-blank lines, with hard-wrapped lines (next starts lower-case) joined.

    A line ends at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files, some CMS exports).
    """
    paras: list[_Para] = []
    prev_line_end = -1
    for m in re.finditer(r"[^\r\n]+", text):
        start, end = _strip(text, m.start(), m.end())
        if start == end:
            prev_line_end = -1
            continue
        line = text[start:end]
        if (
            paras
            and prev_line_end >= 0
            and text[prev_line_end : m.start()] in _ONE_BREAK  # no blank line between
            and line[0].islower()
            and not _SENTENCE_END.search(paras[-1].text)
        ):
            head = paras[-1]
            paras[-1] = _Para(head.start, end, text[head.start : end])
        else:
            paras.append(_Para(start, end, line))
        prev_line_end = m.end()
    return paras


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cues(para: _Para) -> int:
    return sum(1 for cue in _CUES if cue.search(para.text))


def _is_marked(para: _Para) -> bool:
    """Boilerplate on its own: a cue in a short paragraph, or a promo credit line."""
    if _BY_LINE.match(para.text):
        return True
    words = para.words
    if words > _MARKED_MULTI:
        return False  # too long to be marked, however many cues: not searched for them
    cues = _cues(para)
    if cues >= 2 and words <= _MARKED_MULTI:
        return True
    # One cue: only if nobody is quoted or reported ("the phishing email said: click here").
    return cues == 1 and words <= _MARKED_ALONE and not _REPORTED.search(para.text)


def _is_sales(para: _Para) -> bool:
    """Talks to the reader: 'you'/'we' often, or starts with an imperative."""
    if _REPORTED.search(para.text):
        return False
    words = max(para.words, 1)
    return bool(_IMPERATIVE.match(para.text)) or len(_SALES.findall(para.text)) * 12 >= words


def _continues_block(para: _Para) -> bool:
    """Inside an ad block: short lines, titles, sales talk; not reported prose."""
    return _is_title_like(para) or _is_sales(para)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
