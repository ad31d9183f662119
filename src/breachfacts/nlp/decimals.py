"""Leading-decimal numerals (".8") shown to the model as the numbers they are ("0.8").

en_core_web_sm reads a word through its norm, prefix, suffix and shape. ".8" is rare in
news text, and the model takes it for part of a name: "Send .8 bitcoins" gives PERSON or
PRODUCT "Send .8", where "Send 0.8 bitcoins" gives MONEY "0.8 bitcoins". The vocabulary
entry (lexeme) of such a numeral is given those four features of its written-out form
("0.8"), so the model sees the number; the text, offsets, ``like_num`` and every other
attribute are unchanged. Only a whole token of a point and digits counts: "v.8", "8.1",
".8.1" (a version) and the "..." of an ellipsis are left alone. The component is registered
as ``breachfacts_decimal_norms`` in :mod:`.components`.

DOCS: README.md#how-it-works
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

#: A token that is a number written from its decimal point.
LEADING_DECIMAL = re.compile(r"\.[0-9]+")

#: The lexeme features the statistical model reads (en_core_web_sm's tok2vec attrs).
MODEL_FEATURES = ("norm_", "prefix_", "suffix_", "shape_")


def written_out(text: str) -> str | None:
    """The written-out form of a leading-decimal numeral, or ``None`` for any other token.

    Example:
        >>> written_out(".8"), written_out("8.1"), written_out(".8.1"), written_out("...")
        ('0.8', None, None, None)
    """
    return "0" + text if LEADING_DECIMAL.fullmatch(text) else None


def decimal_norms(doc: Doc) -> Doc:
    """Give each leading-decimal numeral the model features of its written-out form.

    Runs first, so the tagger, parser and entity recogniser all read the number. The
    change is made once per word, on the shared vocabulary.

    RETURNS (Doc): The same document.
    """
    for tok in doc:
        if tok.text.startswith("."):
            full = written_out(tok.text)
            if full is not None and tok.norm_ != full:
                lex, ref = tok.lex, doc.vocab[full]
                for feature in MODEL_FEATURES:
                    setattr(lex, feature, getattr(ref, feature))
    return doc
