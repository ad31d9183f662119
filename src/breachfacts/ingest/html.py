"""HTML pages to articles: the main text, title and date, with trafilatura."""

from __future__ import annotations

from datetime import date
from typing import Any

from breachfacts.errors import ReadError
from breachfacts.facts import Article


def html_to_article(html: str, source: str, published: date | None) -> Article:
    """Extract the main text, title and date of an HTML page with trafilatura.

    ``published``, when given, wins over the page's own date. ``meta["text_from"]``
    is ``"html"``: offsets index the extracted text, not the page.
    Raises ``ReadError`` when the page has no article text.
    """
    import trafilatura

    date_params = {
        "original_date": True,  # the publication date, not the last update
        "extensive_search": False,  # metadata only: never a date picked out of the prose
        "max_date": date.today().isoformat(),
    }
    doc = None
    # Precision first: ads and "related" lists in the text turn into false facts.
    # Short pages can lose everything that way, so fall back to the balanced mode.
    for precision in (True, False):
        try:
            doc = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                favor_precision=precision,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                date_extraction_params=date_params,
            )
        except (ValueError, TypeError):  # trafilatura's own "cannot parse" signals
            doc = None
        if doc is not None and (doc.text or "").strip():
            break
    if doc is None or not (doc.text or "").strip():
        raise ReadError(source, "no article text found in HTML")
    meta: dict[str, Any] = {"text_from": "html"}
    for key in ("url", "sitename", "author", "description"):
        value = getattr(doc, key, None)
        if value:
            meta[key] = value
    if published is None and doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return Article(id=source, text=doc.text, published=published, title=doc.title, meta=meta)
