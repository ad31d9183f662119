"""An article by URL: fetch the page (:mod:`.fetch`), decode it, take the article out.

The URL as given is the article's ``id`` (its source in the store). An HTML or XHTML page
goes through :func:`~breachfacts.ingest.html.html_to_article` (trafilatura): the main text,
the title, the publication date and the site's name (kept as ``publisher``) come from the
page; ``published``, when given (``--published``), wins over the page's date. A plain-text
page is the article as it is. ``meta["url"]`` is where the page was finally read (after
redirects).

Example:
    >>> page_to_article(
    ...     Fetched("https://x.test/a", "https://x.test/a", 200, "text/plain", None, b"Hi."),
    ...     None,
    ... )
    Article(id='https://x.test/a', text='Hi.', published=None, title=None, meta={'url': 'https://x.test/a'})
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from datetime import date

from breachfacts.errors import ReadError
from breachfacts.facts import Article

from .decode import decode_bytes
from .fetch import Fetched, FetchOptions, fetch
from .html import html_to_article
from .values import check_unicode


def fetch_article(
    url: str, published: date | None = None, options: FetchOptions | None = None
) -> Article:
    """Fetch ``url`` and read it as an article (see the module docstring).

    Raises:
        ReadError: ``<url>: <reason>``: the page cannot be fetched, is not HTML or text,
            or holds no article text.
    """
    return page_to_article(fetch(url, options), published)


def page_to_article(page: Fetched, published: date | None) -> Article:
    """The article of a fetched page; ``published`` wins over the page's own date."""
    text = decode_page(page)
    if not text.strip():
        raise ReadError(page.url, "empty page")
    if _is_html(page, text):
        article = html_to_article(text, page.url, published)
        meta = dict(article.meta)
        if meta.get("sitename") and "publisher" not in meta:
            meta["publisher"] = meta["sitename"]
        meta["url"] = page.final_url
        article = replace(article, meta=meta)
    else:
        article = Article(id=page.url, text=text, published=published, meta={"url": page.final_url})
    return check_unicode(article, page.url)


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_page(page: Fetched) -> str:
    """The page's text: a BOM first, then the charset the server named, then an HTML
    page's ``<meta charset>``, else as a file is decoded (UTF-8, then a guess; binary
    refused).

    Example:
        >>> body = '<meta charset="windows-1252"><p>caf\u00e9</p>'.encode("cp1252")
        >>> decode_page(Fetched("u", "u", 200, "text/html", None, body))[-8:]
        'café</p>'
    """
    named = [page.charset]
    if page.content_type in ("text/html", "application/xhtml+xml", ""):
        meta = _META_CHARSET.search(page.body[:4096])
        named.append(meta.group(1).decode("ascii") if meta else None)
    if not page.body.startswith(_BOMS):
        for charset in named:
            if not charset:
                continue
            try:
                codecs.lookup(charset)
                return page.body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue  # a wrong or unknown charset: try the next, then the bytes
    return decode_bytes(page.body, page.url)


def _is_html(page: Fetched, text: str) -> bool:
    if page.content_type in ("text/html", "application/xhtml+xml"):
        return True
    if page.content_type == "text/plain":
        return False
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head
