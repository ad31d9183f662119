"""The model's lemmatizer, cached per word and part of speech: the same lemmas, faster.

spaCy's rule lemmatizer caches its answer per (word, part of speech, morphology) but still
makes a ``Token`` object per token, asks for its morphology and writes the lemma as a
string, a twentieth of en_core_web_sm's run time on news text. :class:`CachedLemmatizer`
reads those three values of every token as one array, looks the lemma up by them and
writes the lemmas back as one array; the source lemmatizer is asked only for a combination
it has not seen. The lemma of a rule or lookup lemmatizer depends on nothing else, so the
annotations are the same (``tests/test_lemmas.py``); a lemmatizer in another mode runs
as it is.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens import Doc

#: Lemmatizer modes whose lemma is a function of (orth, pos, morph).
CACHED_MODES = ("rule", "lookup")


class CachedLemmatizer:
    """Stand-in for a spaCy ``Lemmatizer`` (``source``): the same lemmas, cached."""

    def __init__(self, source: Any, max_cache: int = 200_000) -> None:
        self.source = source
        self.max_cache = max_cache
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        source = self.source
        if getattr(source, "mode", None) not in CACHED_MODES:
            return source(doc)
        if len(self.cache) >= self.max_cache:
            self.cache.clear()
        cache = self.cache
        overwrite = bool(getattr(source, "overwrite", False))
        strings = doc.vocab.strings
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(source.lemmatize(doc[i])[0])
            if found != lemma:
                lemmas[i] = found
                changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)
        return doc

    # The source lemmatizer carries the tables in a saved pipeline.
    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        """Nothing to save: the source lemmatizer saves its tables."""

    def from_disk(self, path: Any, *, exclude: Any = ()) -> CachedLemmatizer:
        """Forget the cached lemmas (the source may have loaded other tables).

        RETURNS (CachedLemmatizer): The component.
        """
        self.cache.clear()
        return self

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        """Nothing to save: the source lemmatizer saves its tables."""
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = ()) -> CachedLemmatizer:
        """As :meth:`from_disk`.

        RETURNS (CachedLemmatizer): The component.
        """
        self.cache.clear()
        return self


def use_cached_lemmatizer(nlp: Any, name: str = "lemmatizer") -> bool:
    """Run ``nlp``'s lemmatizer ``name`` as a :class:`CachedLemmatizer`.

    The cached component goes right after the original, which is disabled (kept, so the
    pipeline still holds its tables). Returns whether it did: False when there is no such
    component, it is not a lemmatizer, or its mode is not one whose lemmas can be cached.
    """
    if name not in nlp.pipe_names:
        return False
    source = nlp.get_pipe(name)
    if not hasattr(source, "lemmatize") or getattr(source, "mode", None) not in CACHED_MODES:
        return False
    nlp.add_pipe("breachfacts_lemmatizer", after=name, config={"source": name})
    nlp.disable_pipe(name)
    return True
