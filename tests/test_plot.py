"""The timeline plot of ``history``: PNG and SVG from a real store, a clear message without
matplotlib."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from breachfacts.facts import Extraction
from breachfacts.store import Store
from breachfacts.views.plot import PlotError, PlotUnavailable, plot_history, series

pytest.importorskip("matplotlib", reason="the [plot] extra is not installed")


@pytest.fixture(scope="module")
def history(
    tmp_path_factory: pytest.TempPathFactory, seed_extractions: dict[str, Extraction]
) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("store") / "facts.sqlite"
    with Store.open(db) as store:
        store.add([seed_extractions["2020-01"], seed_extractions["2020-12"]])
        return store.history("Mitsubishi Electric").to_dict()


def test_png_and_svg_are_written(tmp_path: Path, history: dict[str, Any]) -> None:
    png = plot_history(history, tmp_path / "timeline.png")
    assert png == tmp_path / "timeline.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    svg = plot_history(history, tmp_path / "sub" / "timeline.SVG")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and svg.stat().st_size > 20_000
    # every reported figure is labelled with its wording, and the legend names both sources
    for label in ("more than 8,000", "nearly 20,000", "$874 million", "June 2019"):
        assert label in text
    assert "Verdict, 2020-01-21" in text and "The Asahi Shimbun, 2020-12-25" in text


def test_the_svg_is_reproducible(tmp_path: Path, history: dict[str, Any]) -> None:
    a = plot_history(history, tmp_path / "a.svg").read_bytes()
    b = plot_history(history, tmp_path / "b.svg").read_bytes()
    assert a == b


def test_panels_follow_the_measures(history: dict[str, Any]) -> None:
    panels = dict(series(history))
    assert list(panels)[:2] == ["people affected", "files"]
    # two currencies never share an axis; every date measure goes in one panel, last
    assert "money:contract (JPY)" in panels and "money:contract (USD)" in panels
    assert list(panels)[-1] == "dates"
    assert {r["measure"] for r in panels["dates"]} >= {"date:attack", "date:discovery"}
    # the 2020-12 article says "nearly 20,000" files twice: one marker; "59 of those data
    # files" is a part of them, a slot (and a panel) of its own
    assert [r["text"] for r in panels["files"]] == ["nearly 20,000"]
    assert [r["text"] for r in panels["files (part)"]] == ["59"]


def test_only_some_measures(tmp_path: Path, history: dict[str, Any]) -> None:
    out = plot_history(history, tmp_path / "t.svg", measures=["files"])
    text = out.read_text(encoding="utf-8")
    assert "nearly 20,000" in text and "more than 8,000" not in text


def test_nothing_to_plot(tmp_path: Path) -> None:
    empty = {"organisation": "Nobody", "names": [], "articles": 0, "timeline": {}}
    with pytest.raises(PlotError, match=r"^Nobody: nothing to plot"):
        plot_history(empty, tmp_path / "t.png")
    assert not (tmp_path / "t.png").exists()


def test_unsupported_format(tmp_path: Path, history: dict[str, Any]) -> None:
    with pytest.raises(PlotError, match=r"unsupported plot format '\.pdf'; use \.png or \.svg"):
        plot_history(history, tmp_path / "t.pdf")


def test_missing_matplotlib_is_one_clear_line(
    tmp_path: Path, history: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    with pytest.raises(PlotUnavailable) as err:
        plot_history(history, tmp_path / "t.png")
    assert str(err.value) == "plotting needs matplotlib: pip install 'breachfacts[plot]'"
    assert isinstance(err.value, PlotError) and not (tmp_path / "t.png").exists()


def test_doctests() -> None:
    import doctest

    import breachfacts.views.plot

    assert doctest.testmod(breachfacts.views.plot).failed == 0
