"""The breachfacts components in a spaCy user's own pipeline (docs/spacy.md).

Each pipeline a user builds or loads is built in a fresh interpreter (a subprocess), as a
user's script would: the factories must be found through the package's entry points, and a
saved pipeline must load with ``spacy.load(path)`` alone, carrying its patterns and tables.
The facts are compared with :func:`breachfacts.extract.extract` on the same text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import spacy

from breachfacts import Article, facts_from_doc
from breachfacts.errors import ComponentConfigError, ModelError, PatternError
from breachfacts.extract import extract
from breachfacts.nlp import add_components
from breachfacts.nlp.entity_rules import EntityRules

ROOT = Path(__file__).resolve().parents[1]
#: The public factories (docs/spacy.md), each named in pyproject.toml's entry points.
FACTORIES = (
    "breachfacts_decimal_norms",
    "breachfacts_attribute_ruler",
    "breachfacts_lemmatizer",
    "breachfacts_tok2vec",
    "breachfacts_paragraphs",
    "breachfacts_entities",
)
EXAMPLE = ROOT / "docs" / "examples" / "spacy_pipeline.py"

#: Loads a saved pipeline with spaCy alone and prints the facts of argv[2] as JSON.
LOAD_SAVED = """
import json, sys
from datetime import date
import spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
from breachfacts import facts_from_doc
published = date.fromisoformat(sys.argv[3])
print(json.dumps(facts_from_doc(doc, nlp, published=published, id=sys.argv[4]).to_dict()))
"""

#: A user's patterns: an IGNORE rule (ticket numbers are no figures), an organisation the
#: model does not know, and an alias for it.
USER_PATTERNS = [
    {
        "id": "ignore-ticket-number",
        "label": "IGNORE",
        "example": "ticket 40,000",
        "pattern": [{"LOWER": "ticket"}, {"LIKE_NUM": True}],
    },
    {"id": "org-zorblax", "label": "ORG", "pattern": "Zorblax Widgets"},
]
USER_ALIASES = {"Zorblax Widgets": "Zorblax Holdings"}
USER_TEXT = (
    "Zorblax Widgets said on Tuesday that hackers stole the records of 2 million customers, "
    "as ticket 40,000 shows."
)


def _run(*args: str) -> str:
    """Run a fresh interpreter; its stdout, failing the test with its stderr."""
    res = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return res.stdout


def _expected(nlp, text: str, published: date, id: str) -> dict:
    """What ``breachfacts.extract`` gives for the text, as JSON would carry it."""
    (x,) = extract([Article(id=id, text=text, published=published)], nlp)
    return json.loads(json.dumps(x.to_dict()))


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """The docs example, run as a user would: its facts and the pipeline it saved."""
    saved = tmp_path_factory.mktemp("spacy") / "pipeline"
    out = _run(str(EXAMPLE), str(saved))
    return json.loads(out), saved


def _example_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("spacy_pipeline", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_factory_by_name_gives_the_facts_of_extract(nlp, example_run) -> None:
    facts, _ = example_run
    ex = _example_module()
    assert facts == _expected(nlp, ex.TEXT, ex.PUBLISHED, "example")
    kinds = {f["kind"] for f in facts["facts"]}
    assert {"organisation", "figure", "money", "date"} <= kinds


def test_saved_pipeline_loads_with_spacy_alone(nlp, example_run) -> None:
    facts, saved = example_run
    ex = _example_module()
    assert (saved / "breachfacts_entities" / "patterns.jsonl").is_file()
    assert (saved / "breachfacts_entities" / "tables.json").is_file()
    out = _run("-c", LOAD_SAVED, str(saved), ex.TEXT, ex.PUBLISHED.isoformat(), "example")
    assert json.loads(out) == facts


def test_breachfacts_load_saves_and_loads_the_same(nlp, tmp_path: Path) -> None:
    """breachfacts' own pipeline (compiled attribute ruler included) survives a round trip."""
    text, published = USER_TEXT, date(2024, 5, 2)
    nlp.to_disk(tmp_path / "p")
    out = _run("-c", LOAD_SAVED, str(tmp_path / "p"), text, published.isoformat(), "a")
    assert json.loads(out) == _expected(nlp, text, published, "a")
    # the compiled attribute ruler is built before the model's ruler has loaded its
    # patterns: it compiles them again before the first document
    loaded = spacy.load(tmp_path / "p")
    assert [t.pos_ for t in loaded(text)] == [t.pos_ for t in nlp(text)]
    assert loaded.get_pipe("breachfacts_attribute_ruler").single


def test_every_factory_is_an_entry_point() -> None:
    from importlib.metadata import entry_points

    names = {ep.name: ep for ep in entry_points(group="spacy_factories")}
    ours = {name for name, ep in names.items() if ep.value.startswith("breachfacts.")}
    assert ours == set(FACTORIES)
    for name in FACTORIES:
        names[name].load()
        assert spacy.language.Language.has_factory(name)


def test_custom_patterns_travel_with_the_saved_pipeline(nlp, tmp_path: Path) -> None:
    patterns = tmp_path / "my-patterns"
    patterns.mkdir()
    lines = "".join(json.dumps(p) + "\n" for p in USER_PATTERNS)
    (patterns / "mine.jsonl").write_text(lines, encoding="utf-8")
    (patterns / "aliases.json").write_text(json.dumps(USER_ALIASES), encoding="utf-8")
    saved = tmp_path / "pipeline"
    published = "2024-05-02"
    built = json.loads(_run(str(EXAMPLE), str(saved), str(patterns)))
    assert built["facts"]  # the example's own sentence, with the user's patterns
    shutil.rmtree(patterns)  # the saved pipeline must not read it again

    out = json.loads(_run("-c", LOAD_SAVED, str(saved), USER_TEXT, published, "u"))
    texts = [f["text"] for f in out["facts"]]
    orgs = [f["canonical"] for f in out["facts"] if f["kind"] == "organisation"]
    assert "40,000" not in " ".join(texts)  # the user's IGNORE rule
    assert orgs == ["Zorblax Holdings"]  # the user's alias
    builtin = _expected(nlp, USER_TEXT, date.fromisoformat(published), "u")
    assert any("40,000" in f["text"] for f in builtin["facts"])  # built-ins alone differ
    assert "Zorblax Holdings" not in json.dumps(builtin)


def test_component_bytes_round_trip(nlp) -> None:
    comp = next(p for _, p in nlp.pipeline if isinstance(p, EntityRules))
    other = EntityRules(nlp, "copy").from_bytes(comp.to_bytes())
    assert other.data == comp.data
    assert other.tables == comp.tables


@pytest.mark.parametrize(
    ("factory", "config", "error", "message"),
    [
        ("breachfacts_entities", {"patterns": [""]}, ComponentConfigError, "patterns -> 0"),
        ("breachfacts_entities", {"patterns": 5}, ValueError, "patterns"),
        ("breachfacts_entities", {"pattern": ["x"]}, ValueError, "pattern"),
        ("breachfacts_attribute_ruler", {"source": "nope"}, ComponentConfigError, "'nope'"),
        ("breachfacts_lemmatizer", {"source": "nope"}, ComponentConfigError, "'nope'"),
        ("breachfacts_tok2vec", {"source": "nope"}, ComponentConfigError, "'nope'"),
    ],
)
def test_bad_config_values_are_named(factory, config, error, message) -> None:
    blank = spacy.blank("en")
    with pytest.raises(error, match=message):
        blank.add_pipe(factory, config=config)


def test_missing_patterns_directory_is_named_on_initialize(tmp_path: Path) -> None:
    blank = spacy.blank("en")
    missing = str(tmp_path / "nope")
    comp = blank.add_pipe("breachfacts_entities", config={"patterns": [missing]})
    with pytest.raises(PatternError, match="no such patterns directory"):
        comp.initialize()


def test_config_errors_have_a_code() -> None:
    assert ComponentConfigError("x").code == "E301"


def test_facts_need_the_component(nlp) -> None:
    blank = spacy.blank("en")
    with pytest.raises(ModelError, match="breachfacts_entities"):
        facts_from_doc(blank("Acme was hacked."), blank)
    with pytest.raises(ModelError, match="ner"):
        add_components(blank)
