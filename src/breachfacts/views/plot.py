"""A timeline figure of what the store knows about one organisation.

Each measure of :meth:`History.to_dict() <breachfacts.store.History.to_dict>` gets a panel:
the reported value (or, for dates, the reported date) over the publication date of the
article that said it. Bounds are error bars, an open bound ("more than 8,000") an arrow,
a date at month or year granularity a bar over the days it covers. Every source has its
own marker and colour, named in the legend; hedged reports are hollow, denied ones crossed.

matplotlib is an optional extra (``pip install 'breachfacts[plot]'``), imported only when a
plot is drawn, and drawn without pyplot on a headless canvas (no display, no global state).

Example:
    >>> history = store.history("Mitsubishi Electric").to_dict()  # doctest: +SKIP
    >>> plot_history(history, Path("timeline.png"))  # doctest: +SKIP
    PosixPath('timeline.png')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from breachfacts.errors import PlotError, PlotUnavailable

from ..normalise.periods import date_interval
from .render import format_number

__all__ = ["FORMATS", "PlotError", "PlotUnavailable", "plot_history", "series"]

FORMATS = (".png", ".svg")
OPEN_ARROW = 1.6
"""How far (as a factor) the arrow of an open bound reaches on the value axis."""
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h", "<", ">")
_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)


def _source_label(r: dict[str, Any]) -> str:
    name = Path(str(r.get("source") or "?")).name
    who = r.get("publisher")
    when = r.get("published") or "date unknown"
    return f"{who}, {when} ({name})" if who else f"{when} ({name})"


def series(history: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The panels to draw: (title, dated reports), one per counted measure and unit, then
    one ``dates`` panel for every date measure (attack, discovery, disclosure, other).

    Money in two currencies, or counts of two units under one measure, go in separate
    panels (they share no axis). Each report is a copy with its ``measure`` added. Reports
    an article repeats are kept once; undated articles and reports with nothing to place
    on the value axis are left out.

    Example:
        >>> [t for t, _ in series({"timeline": {
        ...     "files": [{"text": "59", "value": 59, "unit": "file", "source": "a",
        ...                "published": "2020-12-25"}],
        ...     "date:attack": [{"text": "June 2019", "value": None, "date": "2019-06",
        ...                      "source": "a", "published": "2020-12-25"}]}})]
        ['files', 'dates']
    """
    panels: list[tuple[str, list[dict[str, Any]]]] = []
    dates: list[dict[str, Any]] = []
    for measure, reports in (history.get("timeline") or {}).items():
        groups: dict[str, list[dict[str, Any]]] = {}
        seen: set[tuple[Any, ...]] = set()
        for r in reports:
            if not r.get("published") or not _has_y(r):
                continue
            key = (r.get("source"), r.get("text"), r.get("value"), r.get("date"))
            if key in seen:
                continue
            seen.add(key)
            r = {**r, "measure": measure}
            if r.get("date"):
                dates.append(r)
            else:
                unit = str(r.get("currency") or r.get("unit") or "")
                groups.setdefault(unit, []).append(r)
        for unit, rs in groups.items():
            title = measure if len(groups) == 1 or not unit else f"{measure} ({unit})"
            panels.append((title, rs))
    if dates:
        panels.append(("dates", dates))
    return panels


def _has_y(r: dict[str, Any]) -> bool:
    if r.get("date"):
        return date_interval(r["date"])[0] is not None
    return _num_y(r)


def _num_y(r: dict[str, Any]) -> bool:
    return any(isinstance(r.get(k), (int, float)) for k in ("value", "low", "high"))


def _yvalue(r: dict[str, Any]) -> float:
    v, lo, hi = r.get("value"), r.get("low"), r.get("high")
    if v is not None:
        return float(v)
    if lo is not None and hi is not None:
        return (float(lo) + float(hi)) / 2
    return float(lo if lo is not None else hi)


def _short(x: float) -> str:
    """20000 -> '20,000'; 874e6 -> '874M'; 1e11 -> '100B'."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(x) >= size:
            return f"{x / size:,.3g}{suffix}"
    return format_number(round(x, 2) if abs(x) < 10 else round(x))


def plot_history(
    history_dict: dict[str, Any], path: Path, *, measures: Iterable[str] | None = None
) -> Path:
    """Draw an organisation's timeline to ``path`` (PNG or SVG, by its suffix).

    Args:
        history_dict: ``Store.history(name).to_dict()``.
        path: Where to write; ``.png`` or ``.svg``. Missing folders are created.
        measures: Only these measures (``files``, ``date:attack``, ...); default all.

    RETURNS (Path): ``path``.

    Raises:
        PlotUnavailable: matplotlib is not installed.
        PlotError: an unsupported suffix, or nothing dated to plot.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise PlotError(f"{path}: unsupported plot format {suffix or '(none)'!r}; use .png or .svg")
    try:
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.lines import Line2D
    except ImportError:
        raise PlotUnavailable(
            "plotting needs matplotlib: pip install 'breachfacts[plot]'"
        ) from None

    org = str(history_dict.get("organisation") or "?")
    timeline = history_dict.get("timeline") or {}
    if measures is not None:
        wanted = set(measures)
        timeline = {m: rs for m, rs in timeline.items() if m in wanted}
    panels = series({**history_dict, "timeline": timeline})
    if not panels:
        raise PlotError(f"{org}: nothing to plot (no dated reports)")

    sources: dict[str, int] = {}
    labels: dict[str, str] = {}
    every = sorted((r for _, rs in panels for r in rs), key=lambda r: str(r["published"]))
    for r in every:
        src = str(r.get("source"))
        if src not in sources:
            sources[src] = len(sources)
            labels[src] = _source_label(r)
    pubs = sorted({date.fromisoformat(str(r["published"])) for r in every})

    counted = [p for p in panels if p[0] != "dates"]
    dated = [p for p in panels if p[0] == "dates"]
    ncols = 2 if len(counted) > 1 else 1
    nrows = -(-len(counted) // ncols)
    heights = [2.3] * nrows + [3.4] * len(dated)
    fig = Figure(figsize=(11 if ncols == 2 else 9, sum(heights) + 1.6), dpi=150)
    FigureCanvasAgg(fig)  # headless: never a GUI backend, whatever pyplot is set to
    fig.set_layout_engine("constrained", h_pad=0.08, w_pad=0.12)
    grid = fig.add_gridspec(len(heights), ncols, height_ratios=heights)
    axes: list[Any] = []
    for i, (title, rs) in enumerate(counted):
        ax = fig.add_subplot(grid[i // ncols, i % ncols], sharex=axes[0][0] if axes else None)
        _draw_values(ax, rs, sources)
        axes.append((ax, title))
    for _, rs in dated:
        ax = fig.add_subplot(grid[nrows, :], sharex=axes[0][0] if axes else None)
        _draw_dates(ax, rs, sources)
        axes.append((ax, "dates reported (attack, discovery, disclosure, other)"))
    span = pubs[-1] - pubs[0]
    left = max(timedelta(days=20), span * 0.08)
    right = max(timedelta(days=60), span * 0.30)  # room for the labels right of the markers
    for ax, title in axes:
        ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
        ax.grid(True, color="#e5e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=9)
        ax.set_xlim(pubs[0] - left, pubs[-1] + right)
        if len(pubs) <= 6:
            ax.set_xticks(pubs)
            ax.set_xticklabels([d.isoformat() for d in pubs])
        else:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

            loc = AutoDateLocator(maxticks=8)
            ax.xaxis.set_major_locator(loc)
            ax.xaxis.set_major_formatter(ConciseDateFormatter(loc))
    axes[-1][0].set_xlabel("published", fontsize=10)
    handles = [
        Line2D(
            [],
            [],
            marker=_MARKERS[i % len(_MARKERS)],
            color=_COLOURS[i % len(_COLOURS)],
            linestyle="none",
            markersize=8,
            label=labels[src],
        )
        for src, i in sources.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            color="#555",
            markerfacecolor="white",
            linestyle="none",
            markersize=8,
            label="hollow: hedged",
        )
    )
    handles.append(
        Line2D([], [], color="#555", linestyle="--", marker="^", label="open bound (more than …)")
    )
    names = [n for n in history_dict.get("names") or [] if n != org]
    heading = f"{org}: what was reported, by publication date"
    if names:
        heading += f"\n(also named {', '.join(names)})"
    fig.suptitle(heading, x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(2, len(handles)),
        fontsize=9,
        frameon=False,
    )
    fig.draw_without_rendering()  # lay out first: labels are spread in display space
    for ax, _ in axes:
        _spread_labels(ax)

    path.parent.mkdir(parents=True, exist_ok=True)
    with rc_context({"svg.hashsalt": "breachfacts"}):  # stable SVG ids
        fig.savefig(path, format=suffix[1:], metadata=_metadata(suffix))
    return path


def _metadata(suffix: str) -> dict[str, Any]:
    """No creation date in the file, so that regenerating an unchanged plot changes nothing."""
    if suffix == ".svg":
        return {"Date": None, "Creator": "breachfacts"}
    return {"Software": "breachfacts"}


def _offsets(rs: list[dict[str, Any]], span_days: float) -> list[float]:
    """Day offsets so that reports of one publication day sit side by side."""
    by_day: dict[str, list[int]] = {}
    for i, r in enumerate(rs):
        by_day.setdefault(str(r["published"]), []).append(i)
    step = max(1.0, span_days * 0.012)
    out = [0.0] * len(rs)
    for idx in by_day.values():
        n = len(idx)
        for k, i in enumerate(idx):
            out[i] = (k - (n - 1) / 2) * step
    return out


def _span_days(rs: list[dict[str, Any]]) -> float:
    days = [date.fromisoformat(str(r["published"])).toordinal() for r in rs]
    return float(max(days) - min(days)) if days else 0.0


def _style(r: dict[str, Any], sources: dict[str, int]) -> dict[str, Any]:
    i = sources[str(r.get("source"))]
    colour = _COLOURS[i % len(_COLOURS)]
    hedged = r.get("certainty") == "hedged"
    return {
        "marker": _MARKERS[i % len(_MARKERS)],
        "color": colour,
        "markerfacecolor": "white" if hedged else colour,
        "markeredgecolor": colour,
        "markeredgewidth": 1.6,
        "markersize": 8,
        "linestyle": "none",
        "zorder": 3,
    }


def _x(r: dict[str, Any], offset: float) -> datetime:
    d = date.fromisoformat(str(r["published"]))
    return datetime(d.year, d.month, d.day) + timedelta(days=offset)


def _label(ax: Any, text: str, x: Any, y: Any) -> None:
    ann = ax.annotate(
        text,
        (x, y),
        xytext=(10, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
        color="#333",
    )
    ann.set_gid("bf-label")


def _open_arrow(ax: Any, x: Any, y: float, up: bool, colour: str) -> None:
    """An open bound: a dashed arrow of fixed length pointing the way the value may go."""
    ax.annotate(
        "",
        (x, y),
        xytext=(0, 24 if up else -24),
        textcoords="offset points",
        arrowprops={"arrowstyle": "<|-", "color": colour, "linestyle": "--", "lw": 1.3},
        zorder=2,
    )


def _draw_values(ax: Any, rs: list[dict[str, Any]], sources: dict[str, int]) -> None:
    from matplotlib.ticker import FuncFormatter

    offsets = _offsets(rs, _span_days(rs) or 300.0)
    ys: list[float] = []
    for r, off in zip(rs, offsets, strict=True):
        x = _x(r, off)
        y = _yvalue(r)
        lo, hi = r.get("low"), r.get("high")
        st = _style(r, sources)
        if lo is not None and hi is not None and lo != hi:
            ax.errorbar(
                [x],
                [y],
                yerr=[[y - float(lo)], [float(hi) - y]],
                fmt="none",
                ecolor=st["color"],
                elinewidth=2,
                capsize=5,
                alpha=0.7,
                zorder=2,
            )
            ys += [float(lo), float(hi)]
        elif lo is not None and hi is None:
            _open_arrow(ax, x, float(lo), True, st["color"])
        elif hi is not None and lo is None:
            _open_arrow(ax, x, float(hi), False, st["color"])
        ax.plot([x], [y], **st)
        if r.get("certainty") == "denied":
            ax.plot([x], [y], marker="x", color="black", markersize=11, zorder=4)
        ys.append(y)
        _label(ax, str(r.get("text") or ""), x, y)
    positive = [y for y in ys if y > 0]
    if positive and max(positive) / min(positive) > 50:
        ax.set_yscale("log")
        ax.set_ylim(min(positive) / 4, max(positive) * 4)
    elif ys:
        top = max(ys)
        ax.set_ylim(min(0.0, min(ys)), top * 1.35 if top > 0 else 1.0)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _short(v)))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
    units = {str(r.get("currency") or r.get("unit") or "") for r in rs} - {""}
    if len(units) == 1:
        ax.set_ylabel(units.pop(), fontsize=10)


def _draw_dates(ax: Any, rs: list[dict[str, Any]], sources: dict[str, int]) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    offsets = _offsets(rs, _span_days(rs) or 300.0)
    lows: list[datetime] = []
    highs: list[datetime] = []
    for r, off in zip(rs, offsets, strict=True):
        first, last = date_interval(r.get("date"))
        if first is None or last is None:
            continue
        x = _x(r, off)
        d0 = datetime.fromordinal(int(first))
        d1 = datetime.fromordinal(int(last)) + timedelta(days=1)
        mid = d0 + (d1 - d0) / 2
        st = _style(r, sources)
        if d1 - d0 > timedelta(days=1):
            ax.errorbar(
                [x],
                [mid],
                yerr=[[mid - d0], [d1 - mid]],
                fmt="none",
                ecolor=st["color"],
                elinewidth=2,
                capsize=4,
                alpha=0.6,
                zorder=2,
            )
        ax.plot([x], [mid], **st)
        if r.get("certainty") == "denied":
            ax.plot([x], [mid], marker="x", color="black", markersize=11, zorder=4)
        measure = str(r.get("measure") or "date")
        role = measure.split(":", 1)[1] if ":" in measure else "other"
        _label(ax, f"{role}: {r.get('text') or ''} → {r.get('date')}", x, mid)
        lows.append(d0)
        highs.append(d1)
    if lows:
        span = max(max(highs) - min(lows), timedelta(days=60))
        ax.set_ylim(min(lows) - span * 0.12, max(highs) + span * 0.12)
    loc = AutoDateLocator(minticks=3, maxticks=7)
    ax.yaxis.set_major_locator(loc)
    ax.yaxis.set_major_formatter(ConciseDateFormatter(loc, show_offset=False))
    ax.set_ylabel("date reported", fontsize=10)


def _spread_labels(ax: Any, gap_pt: float = 12.0) -> None:
    """Push apart labels of one publication day that would overlap, keeping their order."""
    labels = [t for t in ax.texts if t.get_gid() == "bf-label"]
    if len(labels) < 2:
        return
    to_px = ax.transData.transform
    per_pt = ax.figure.dpi / 72.0
    by_x: dict[float, list[tuple[float, Any]]] = {}
    for t in labels:
        x_px, y_px = to_px((ax.convert_xunits(t.xy[0]), ax.convert_yunits(t.xy[1])))
        by_x.setdefault(round(x_px / (40 * per_pt)), []).append((y_px, t))
    for group in by_x.values():
        group.sort(key=lambda p: p[0])
        placed: list[float] = []
        for y_px, t in group:
            y = y_px if not placed else max(y_px, placed[-1] + gap_pt * per_pt)
            placed.append(y)
            t.xyann = (10, (y - y_px) / per_pt)
