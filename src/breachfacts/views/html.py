"""One self-contained HTML page: each article with its facts highlighted in place.

Every fact becomes a ``<mark>`` coloured by kind (or, after a store check, by status)
with ``data-*`` attributes holding its normalised value; hovering shows a summary and
clicking opens a side panel. Under each article a table lists all its facts.

The page fetches nothing: CSS and a small script are inline, and a Content-Security-Policy
allows only those two (by hash), so nothing from an article can run even if it slipped
through. Everything taken from an article or its facts is escaped with :func:`html.escape`.

Example:
    >>> from breachfacts.facts import Article, Extraction, Fact, Sentence
    >>> a = Article("a.txt", "Acme lost <b>9</b> files.")
    >>> f = Fact("f1", "figure", "9", 13, 14, Sentence(a.text, 0, 25), value=9, unit="file")
    >>> page = render_html([Extraction(a, (f,))])
    >>> "&lt;b&gt;<mark" in page and "<b>" not in page
    True
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import IO, Any

from ..facts import Extraction, Fact, json_number
from .render import describe

__all__ = ["KIND_COLOURS", "STATUS_COLOURS", "highlight_spans", "render_html", "write_html"]

Statuses = dict[str, dict[str, dict[str, Any]]]
"""source -> fact id -> ``{"status": ..., "against": [...]}`` (:func:`render.statuses_of`)."""

KIND_COLOURS = {
    # kind: (background, accent); the same hues as render.KIND_STYLES
    "figure": ("#cdeff6", "#0e7490"),
    "money": ("#d3f2d3", "#15803d"),
    "date": ("#f5d8f6", "#a21caf"),
    "duration": ("#e5e0fb", "#6d28d9"),
    "organisation": ("#fdeaa7", "#a16207"),
}
STATUS_COLOURS = {
    # status: (background, accent); the same hues as render.STATUS_STYLES
    "new": ("#d6e4ff", "#1d4ed8"),
    "confirmed": ("#cdeed5", "#15803d"),
    "updated": ("#fde9a9", "#b45309"),
    "conflicting": ("#fdd1d1", "#b91c1c"),
}


def _css() -> str:
    rules = [
        ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa}",
        "*{box-sizing:border-box}",
        "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
        "'DejaVu Sans',sans-serif;color:var(--fg);background:var(--bg)}",
        "main{max-width:860px;padding:24px 32px 80px;margin-right:340px}",
        "header h1{font-size:22px;margin:0 0 6px}",
        ".legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:8px 0 0;padding:0;"
        "list-style:none;font-size:13px;color:var(--muted)}",
        ".legend .swatch{display:inline-block;padding:0 6px;border-radius:3px;"
        "border-bottom:2px solid;color:var(--fg)}",
        "article{border-top:1px solid var(--line);margin-top:24px;padding-top:12px}",
        "article h2{font-size:18px;margin:0;word-break:break-all}",
        ".meta{color:var(--muted);font-size:13px;margin:2px 0 12px}",
        ".text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:16px;line-height:1.7}",
        ".missing{color:var(--muted);font-style:italic}",
        "mark{color:inherit;border-radius:3px;padding:1px 1px;border-bottom:2px solid;"
        "cursor:pointer}",
        "mark:focus,mark.active{outline:2px solid var(--fg);outline-offset:1px}",
        "table.facts{border-collapse:collapse;width:100%;margin:16px 0 4px;font-size:13px}",
        "table.facts th,table.facts td{border-bottom:1px solid var(--line);padding:3px 6px;"
        "text-align:left;vertical-align:top}",
        "table.facts th{background:var(--panel);font-weight:600}",
        "table.facts td.id a{color:var(--muted)}",
        "table.facts tr.unmarked td.id::after{content:' *';color:#b91c1c}",
        ".note{font-size:12px;color:var(--muted)}",
        ".tag{display:inline-block;padding:0 6px;border-radius:3px;border-bottom:2px solid}",
        "aside#panel{position:fixed;top:0;right:0;width:320px;height:100vh;overflow:auto;"
        "background:var(--panel);border-left:1px solid var(--line);padding:20px;"
        "font-size:14px}",
        "aside#panel h3{margin:0 0 4px;font-size:16px}",
        "aside#panel .quote{font-size:18px;margin:6px 0 10px;word-break:break-word}",
        "aside#panel dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}",
        "aside#panel dt{color:var(--muted)}",
        "aside#panel dd{margin:0;word-break:break-word}",
        "aside#panel ul{margin:4px 0 0;padding-left:18px}",
        "@media (max-width:1000px){main{margin-right:0}aside#panel{position:static;"
        "width:auto;height:auto;border-left:0;border-top:1px solid var(--line)}}",
    ]
    for kind, (bg, accent) in KIND_COLOURS.items():
        rules.append(f".k-{kind}{{background:{bg};border-color:{accent}}}")
    for st, (bg, accent) in STATUS_COLOURS.items():
        # in the check view the fill is the status; the underline stays the kind
        rules.append(f".s-{st},.by-status mark.s-{st}{{background:{bg}}}")
        rules.append(f".legend .s-{st},.tag.s-{st}{{border-color:{accent}}}")
    return "\n".join(rules)


CSS = _css()

# Reads only data-* attributes and writes with textContent: nothing is parsed as HTML.
JS = """
(function () {
  var panel = document.getElementById('panel');
  var body = document.getElementById('panel-body');
  var active = null;
  var FIELDS = [['normalised', 'describe'], ['value', 'value'], ['low', 'low'],
    ['high', 'high'], ['unit', 'unit'], ['qualifier', 'qualifier'],
    ['certainty', 'certainty'], ['role', 'role'], ['subject', 'subject'],
    ['status', 'status']];
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function show(m) {
    if (active) { active.classList.remove('active'); }
    active = m;
    m.classList.add('active');
    var d = m.dataset;
    body.textContent = '';
    body.appendChild(el('h3', d.kind + ' ' + d.factId));
    body.appendChild(el('div', '\\u201c' + m.textContent + '\\u201d', 'quote'));
    var dl = el('dl');
    FIELDS.forEach(function (f) {
      var v = d[f[1]];
      var counted = d.kind === 'figure' || d.kind === 'money' || d.kind === 'duration';
      if (v === '' && counted && (f[1] === 'low' || f[1] === 'high')) { v = 'open'; }
      if (v === undefined || v === '') { return; }
      dl.appendChild(el('dt', f[0]));
      dl.appendChild(el('dd', v));
    });
    body.appendChild(dl);
    if (d.against !== undefined) {
      var against = [];
      try { against = JSON.parse(d.against); } catch (e) { against = []; }
      body.appendChild(el('h3', against.length ? 'compared against' : 'nothing stored to compare'));
      var ul = el('ul');
      against.forEach(function (a) {
        ul.appendChild(el('li', '\\u201c' + (a.text || '') + '\\u201d ' +
          (a.value !== null && a.value !== undefined ? '= ' + a.value + ' ' : '') +
          (a.date ? '= ' + a.date + ' ' : '') + '(' + (a.published || 'date unknown') +
          ', ' + (a.source || '?') + ')'));
      });
      body.appendChild(ul);
    }
  }
  document.querySelectorAll('mark[data-fact-id]').forEach(function (m) {
    m.addEventListener('click', function () { show(m); });
    m.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(m); }
    });
  });
  function openFact(id) {
    var m = id ? document.getElementById(id) : null;
    if (m && m.hasAttribute('data-fact-id')) { show(m); }
  }
  function fromHash() { openFact(decodeURIComponent(location.hash.slice(1))); }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  // report.html?fact=a1-f6 opens the panel without scrolling (for screenshots)
  openFact(new URLSearchParams(location.search).get('fact'));
  document.body.setAttribute('data-ready', '1');
})();
""".strip()


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(CSS)}; "
    f"script-src {_csp_hash(JS)}; "
    "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


def _attr(value: Any) -> str:
    """A value as a quoted-attribute-safe string ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = json_number(value)
    return escape(str(value), quote=True)


def _value_of(f: Fact) -> Any:
    if f.kind in ("figure", "money", "duration"):
        return f.value
    if f.kind == "date":
        return f.date
    return f.canonical


def highlight_spans(text: str, facts: Iterable[Fact]) -> tuple[list[Fact], dict[str, str]]:
    """Which facts can be highlighted in ``text``, and why the others cannot.

    Facts are taken in text order (earlier start first, the longer of two at the same
    start first); one that overlaps an already highlighted fact, or whose offsets do not
    index its own text in ``text``, is left out with a reason.

    Example:
        >>> from breachfacts.facts import Fact, Sentence
        >>> s = Sentence("ab cd", 0, 5)
        >>> kept, why = highlight_spans("ab cd", [Fact("f1", "date", "ab cd", 0, 5, s),
        ...                                      Fact("f2", "date", "cd", 3, 5, s)])
        >>> [f.id for f in kept], why
        (['f1'], {'f2': 'overlaps f1'})
    """
    kept: list[Fact] = []
    skipped: dict[str, str] = {}
    last: Fact | None = None
    for f in sorted(facts, key=lambda f: (f.start, -f.end)):
        if not (0 <= f.start < f.end <= len(text)) or text[f.start : f.end] != f.text:
            skipped[f.id] = "offsets do not match the article text"
        elif last is not None and f.start < last.end:
            skipped[f.id] = f"overlaps {last.id}"
        else:
            kept.append(f)
            last = f
    return kept, skipped


def _mark(f: Fact, anchor: str, st: dict[str, Any] | None) -> str:
    status = (st or {}).get("status") or ""
    desc = describe(f)
    title = f"{f.kind}: {desc}" if desc else f.kind
    title += f" · {f.certainty}"
    if f.role:
        title += f" · role {f.role}"
    if f.subject:
        title += f" · about {f.subject}"
    if status:
        title += f" · {status}"
    classes = f"k-{f.kind}" + (f" s-{status}" if status else "")
    attrs = {
        "id": anchor,
        "class": classes,
        "tabindex": "0",
        "title": title,
        "data-fact-id": f.id,
        "data-kind": f.kind,
        "data-value": _value_of(f),
        "data-low": f.low,
        "data-high": f.high,
        "data-unit": f.unit,
        "data-qualifier": f.qualifier,
        "data-certainty": f.certainty,
        "data-role": f.role,
        "data-subject": f.subject,
        "data-describe": desc,
        "data-status": status,
    }
    if f.kind == "date":
        attrs["data-granularity"] = f.granularity
    if st is not None:
        attrs["data-against"] = json.dumps(st.get("against") or [], ensure_ascii=False)
    inner = " ".join(f'{k}="{_attr(v)}"' for k, v in attrs.items())
    return f"<mark {inner}>{escape(f.text, quote=False)}</mark>"


def _article_text(text: str, kept: list[Fact], prefix: str, statuses: dict[str, Any] | None) -> str:
    out: list[str] = []
    pos = 0
    for f in kept:
        out.append(escape(text[pos : f.start], quote=False))
        out.append(_mark(f, f"{prefix}-{f.id}", statuses.get(f.id) if statuses else None))
        pos = f.end
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def _against_cell(against: list[dict[str, Any]]) -> str:
    items = []
    for a in against:
        v = a.get("value")
        shown = v if v is not None else a.get("date")
        what = f"“{a.get('text', '')}”" + (f" = {shown}" if shown is not None else "")
        conv = a.get("converted")
        if conv:
            what += f" ≈ {conv['low']:,.0f}-{conv['high']:,.0f} {conv.get('currency') or ''}"
        where = f"{a.get('published') or 'date unknown'}, {a.get('source') or '?'}"
        items.append(f"{escape(what)} ({escape(where)})")
    return "<br>".join(items)


def _facts_table(
    ex: Extraction, prefix: str, skipped: dict[str, str], statuses: dict[str, Any] | None
) -> str:
    head = ["id", "kind", "text", "normalised", "certainty", "role", "subject"]
    if statuses is not None:
        head += ["status", "compared against"]
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for f in ex.facts:
        fid = escape(f.id)
        if f.id in skipped:
            cls, id_cell = "unmarked", fid
        else:
            cls, id_cell = "", f'<a href="#{_attr(prefix + "-" + f.id)}">{fid}</a>'
        cells = [
            id_cell,
            f'<span class="tag k-{_attr(f.kind)}">{escape(f.kind)}</span>',
            escape(f.text),
            escape(describe(f)),
            escape(f.certainty),
            escape(f.role or ""),
            escape(f.subject or ""),
        ]
        if statuses is not None:
            st = statuses.get(f.id) or {}
            status = st.get("status") or ""
            cells.append(f'<span class="tag s-{_attr(status)}">{escape(status)}</span>')
            cells.append(_against_cell(st.get("against") or []))
        row_id = _attr(f"{prefix}-row-{f.id}")
        tds = "".join(
            f'<td class="id">{c}</td>' if i == 0 else f"<td>{c}</td>" for i, c in enumerate(cells)
        )
        cls_attr = f' class="{cls}"' if cls else ""
        rows.append(f'<tr id="{row_id}"{cls_attr}>{tds}</tr>')
    note = ""
    if skipped:
        why = "; ".join(f"{k}: {v}" for k, v in skipped.items())
        note = f'<p class="note">* not highlighted in the text ({escape(why)})</p>'
    return '<table class="facts">' + "".join(rows) + "</table>" + note


def _article(ex: Extraction, n: int, statuses: dict[str, Any] | None) -> str:
    a = ex.article
    prefix = f"a{n}"
    kept, skipped = highlight_spans(a.text, ex.facts)
    pub = a.published.isoformat() if a.published else "date unknown"
    meta = [f"published {pub}"]
    publisher = (a.meta or {}).get("publisher")
    if publisher:
        meta.append(str(publisher))
    meta.append(f"{len(ex.facts)} fact{'s' if len(ex.facts) != 1 else ''}")
    heading = escape(a.title or a.id)
    sub = f'<p class="meta">{escape(" · ".join(meta))}'
    if a.title:
        sub += f" · {escape(a.id)}"
    sub += "</p>"
    if a.text:
        body = f'<div class="text">{_article_text(a.text, kept, prefix, statuses)}</div>'
    else:
        body = '<p class="missing">article text not available; facts only</p>'
    table = _facts_table(ex, prefix, skipped, statuses) if ex.facts else ""
    return (
        f'<article id="{prefix}" data-source="{_attr(a.id)}">'
        f"<h2>{heading}</h2>{sub}{body}{table}</article>\n"
    )


def _legend(statuses: bool) -> str:
    items = [f'<li><span class="swatch k-{k}">{k}</span></li>' for k in KIND_COLOURS]
    if statuses:
        items = (
            [f'<li><span class="swatch k-figure s-{s}">{s}</span></li>' for s in STATUS_COLOURS]
            + ["<li>(fill: status, underline: kind)</li>"]
            + items
        )
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _head(title: str, statuses: bool) -> str:
    hint = "Hover a highlighted fact for its value; click it for details."
    if statuses:
        hint = "Facts are coloured by how they compare with the store. " + hint
    view = "check" if statuses else "extract"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="breachfacts">\n<title>{escape(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n"
        f'<body class="{"by-status" if statuses else "by-kind"}" data-view="{view}">\n'
        f"<main><header><h1>{escape(title)}</h1>{_legend(statuses)}"
        f'<p class="note">{hint}</p>'
        "</header>\n"
    )


def _tail(n: int) -> str:
    empty = '<p class="missing">no articles</p>' if n == 0 else ""
    return (
        f"{empty}</main>\n"
        '<aside id="panel" aria-live="polite"><div id="panel-body">'
        '<p class="note">Click a highlighted fact to see its normalised value, bounds, unit, '
        "certainty, role and subject.</p></div></aside>\n"
        f"<script>{JS}</script>\n</body></html>\n"
    )


def write_html(
    extractions: Iterable[Extraction],
    out: IO[str] | Path | str,
    statuses: Statuses | None = None,
    *,
    title: str | None = None,
) -> int:
    """Write the report page, an article at a time as extractions arrive.

    Args:
        extractions: The articles and their facts.
        out: A text stream, or a path to write (UTF-8).
        statuses: For the store's check view: source -> fact id -> ``{"status", "against"}``
            (as :func:`breachfacts.views.render.statuses_of` builds per article). Marks are then
            coloured by status and show what each fact was compared against.
        title: The page title; default "breachfacts report" ("breachfacts check" with
            ``statuses``).

    RETURNS (int): How many articles were written.
    """
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as fh:
            return write_html(extractions, fh, statuses, title=title)
    if title is None:
        title = "breachfacts check" if statuses is not None else "breachfacts report"
    out.write(_head(title, statuses is not None))
    n = 0
    for ex in extractions:
        n += 1
        per_article = statuses.get(ex.article.id, {}) if statuses is not None else None
        out.write(_article(ex, n, per_article))
        out.flush()
    out.write(_tail(n))
    out.flush()
    return n


def render_html(
    extractions: Iterable[Extraction],
    statuses: Statuses | None = None,
    *,
    title: str | None = None,
) -> str:
    """The report page as a string (see :func:`write_html`)."""
    import io

    buf = io.StringIO()
    write_html(extractions, buf, statuses, title=title)
    return buf.getvalue()
