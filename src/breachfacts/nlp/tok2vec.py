"""The model's token-to-vector layer run on long documents in pieces: the same vectors in a
fraction of the memory.

spaCy's ``tok2vec`` keeps every layer's output for the whole document at once: about 16 KB
per token with en_core_web_sm, so one 100,000-character piece of a long article (18,000
tokens) took the process from 160 to 460 MB. A window encoder's vector for a token depends
only on the tokens within its receptive field (``depth * window_size`` on each side, 4 for
en_core_web_sm), so :class:`ChunkedTok2Vec` runs the model on chunks of ``chunk`` tokens,
each with that margin on both sides, and keeps each chunk's own rows: the same vectors
(bit for bit, ``tests/test_tok2vec.py``) in about 40 MB. Shorter documents go through
as one batch, as before. A model whose receptive field it cannot read from the config is
run whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.tokens import Doc

#: Window encoders whose receptive field is ``depth * window_size`` tokens each side.
WINDOW_ENCODERS = (
    "spacy.MaxoutWindowEncoder.v1",
    "spacy.MaxoutWindowEncoder.v2",
    "spacy.MishWindowEncoder.v1",
    "spacy.MishWindowEncoder.v2",
)
#: Embedding layers that read each token alone.
TOKEN_EMBEDDINGS = ("spacy.MultiHashEmbed.v1", "spacy.MultiHashEmbed.v2")


def receptive_field(model_config: dict[str, Any]) -> int | None:
    """How many tokens on each side a ``spacy.Tok2Vec`` model's vector of a token reads, or
    None when the config is not one whose field is known.

    Example:
        >>> receptive_field({"@architectures": "spacy.Tok2Vec.v2",
        ...     "embed": {"@architectures": "spacy.MultiHashEmbed.v2"},
        ...     "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2",
        ...                "depth": 4, "window_size": 1}})
        4
    """
    if model_config.get("@architectures") not in ("spacy.Tok2Vec.v1", "spacy.Tok2Vec.v2"):
        return None
    embed, encode = model_config.get("embed") or {}, model_config.get("encode") or {}
    if embed.get("@architectures") not in TOKEN_EMBEDDINGS:
        return None
    if encode.get("@architectures") not in WINDOW_ENCODERS:
        return None
    depth, window = encode.get("depth"), encode.get("window_size")
    if not isinstance(depth, int) or not isinstance(window, int):
        return None
    return depth * window


class _Slice:
    """Tokens ``start:end`` of a document, as spaCy's feature extractor reads a span (a
    ``Span`` would make it call ``Span.to_array`` with attribute names, which fails)."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: Doc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start


class ChunkedTok2Vec:
    """Stand-in for a spaCy ``Tok2Vec`` component (``source``): the same ``doc.tensor``,
    long documents computed a chunk at a time."""

    def __init__(self, source: Any, margin: int | None, chunk: int = 2000) -> None:
        self.source = source
        self.margin = margin
        self.chunk = chunk

    def _vectors(self, doc: Doc) -> Any:
        """``doc``'s token vectors, chunk by chunk (each call frees the one before)."""
        margin, size, n = self.margin or 0, self.chunk, len(doc)
        predict = self.source.model.predict
        rows = []
        for a in range(0, n, size):
            b = min(n, a + size)
            lo, hi = max(0, a - margin), min(n, b + margin)
            rows.append(predict([_Slice(doc, lo, hi)])[0][a - lo : b - lo])
        return numpy.concatenate(rows) if len(rows) > 1 else rows[0]

    def _long(self, doc: Doc) -> bool:
        return self.margin is not None and len(doc) > self.chunk

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Set ``doc.tensor`` of each document, in batches as the source does."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        short = [d for d in docs if not self._long(d)]
        if short:
            self.source.set_annotations(short, self.source.predict(short))
        for doc in docs:
            if self._long(doc):
                doc.tensor = self._vectors(doc)
        return docs

    # The source carries the weights in a saved pipeline.
    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        """Nothing to save: the source component saves the model."""

    def from_disk(self, path: Any, *, exclude: Any = ()) -> ChunkedTok2Vec:
        """Nothing to load: the source component loads the model.

        RETURNS (ChunkedTok2Vec): The component.
        """
        return self

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        """Nothing to save: the source component saves the model."""
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = ()) -> ChunkedTok2Vec:
        """As :meth:`from_disk`.

        RETURNS (ChunkedTok2Vec): The component.
        """
        return self


def use_chunked_tok2vec(nlp: Any, name: str = "tok2vec") -> bool:
    """Run ``nlp``'s ``tok2vec`` component ``name`` as a :class:`ChunkedTok2Vec`.

    The chunked component goes right after the original, which is disabled (kept: it holds
    the weights and its listeners). Returns whether it did: False when there is no such
    component or its receptive field is not known.
    """
    if name not in nlp.pipe_names or not hasattr(nlp.get_pipe(name), "listeners"):
        return False
    config = nlp.config["components"].get(name, {}).get("model", {})
    if receptive_field(config) is None:
        return False
    nlp.add_pipe("breachfacts_tok2vec", after=name, config={"source": name})
    nlp.disable_pipe(name)
    return True


def chunk_model(model: Any, margin: int, chunk: int = 2000) -> None:
    """Make a token-to-vector ``model`` (a thinc Model over a list of documents, each to an
    array of its token vectors) predict long documents a chunk at a time, as
    :class:`ChunkedTok2Vec` does: its forward function is wrapped in place, so its layers,
    weights and what a saved pipeline holds are unchanged. Training passes go through
    whole. For a model inside another component, such as the entity recogniser's own.
    """
    whole = getattr(model._func, "whole", model._func)  # chunked again: the new size

    def forward(m: Any, docs: list[Any], is_train: bool) -> tuple[list[Any], Any]:
        if is_train or all(len(d) <= chunk for d in docs):
            return whole(m, docs, is_train)
        out: list[Any] = [None] * len(docs)
        short = [i for i, d in enumerate(docs) if len(d) <= chunk]
        if short:
            for i, vectors in zip(short, whole(m, [docs[i] for i in short], False)[0], strict=True):
                out[i] = vectors
        for i, doc in enumerate(docs):
            if out[i] is not None:
                continue
            n, rows = len(doc), []
            for a in range(0, n, chunk):
                b = min(n, a + chunk)
                lo, hi = max(0, a - margin), min(n, b + margin)
                rows.append(whole(m, [_Slice(doc, lo, hi)], False)[0][0][a - lo : b - lo])
            out[i] = m.ops.xp.concatenate(rows)

        def backprop(d_out: Any) -> Any:
            raise NotImplementedError("a chunked token-to-vector model does not train")

        return out, backprop

    forward.whole = whole  # type: ignore[attr-defined]
    model._func = forward


def use_chunked_ner(nlp: Any, name: str = "ner", chunk: int = 2000) -> bool:
    """Let the component ``name`` (a spaCy parser or entity recogniser with its own
    ``tok2vec`` model, as en_core_web_sm's ``ner``) compute its token vectors of a long
    document a chunk at a time (:func:`chunk_model`). Returns whether it did: False when
    there is no such component, it listens to a shared tok2vec, or its receptive field is
    not known."""
    if name not in nlp.pipe_names:
        return False
    config = nlp.config["components"].get(name, {}).get("model", {}).get("tok2vec", {})
    margin = receptive_field(config)
    model = getattr(nlp.get_pipe(name), "model", None)
    if margin is None or model is None or not model.has_ref("tok2vec"):
        return False
    chain = model.get_ref("tok2vec")
    # spaCy's parser model: (Tok2Vec >> list2array >> Linear); the first layer is the one
    # the config describes
    inner = chain.layers[0] if chain.layers and chain.name.endswith(">>linear") else None
    if inner is None:
        return False
    chunk_model(inner, margin, chunk)
    return True
