"""One tree of named errors, each with a stable code.

Every error breachfacts raises for a user to see derives from :class:`BreachfactsError`;
``str(error)`` is the one-line message (without the ``breachfacts: `` prefix the CLI adds)
and ``error.code`` a stable code, as spaCy's ``[E103]``, that scripts and bug reports can
name. Codes are never reused; docs/errors.md lists them.

========  ======================  ===================================================
code      error                   raised when
========  ======================  ===================================================
E100      ReadError               an input cannot be read as an article
E200      PatternError            a pattern file or pattern table is malformed
E201      MeasuresError           ``measures.json`` (built-in or user) is malformed
E300      ModelError              the spaCy pipeline is not installed or not usable
E301      ComponentConfigError    a breachfacts spaCy component's config value is not usable
E400      StoreError              the store cannot be used
E401      StoreLocked             another writer holds the store longer than the wait
E402      StoreReadOnly           the store file or its folder cannot be written
E403      StoreCorrupt            the file is not an SQLite database, or is damaged
E404      StoreTooNew             the store's schema is newer than this breachfacts
E410      FactsFormatError        a ``breachfacts/1`` document cannot be read
E500      PlotError               a timeline cannot be drawn
E501      PlotUnavailable         matplotlib is not installed
E600      DaskRunError            the cluster or the output directory is unusable
========  ======================  ===================================================

Example:
    >>> err = ReadError("data/x.txt", "not UTF-8 (byte 0xff at offset 12)")
    >>> str(err), err.code, isinstance(err, BreachfactsError)
    ('data/x.txt: not UTF-8 (byte 0xff at offset 12)', 'E100', True)
"""

from __future__ import annotations


class BreachfactsError(Exception):
    """The root of breachfacts' errors; ``code`` is stable across versions."""

    code = "E000"


class ReadError(BreachfactsError):
    """One bad input.

    ``str(err)`` is the one-line message without the ``breachfacts: `` prefix, e.g.
    ``data/x.txt: not UTF-8 (byte 0xff at offset 12)``.

    Attributes:
        source: The path, or ``stdin:3`` / ``corpus.jsonl:3`` for a JSONL line.
        reason: The message after ``source: ``.
    """

    code = "E100"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class PatternError(BreachfactsError, ValueError):
    """A malformed pattern file or table; ``str()`` is the one-line message naming the
    file, the line or key, and the problem."""

    code = "E200"


class MeasuresError(BreachfactsError, ValueError):
    """``patterns/measures.json`` (or a user file) is not valid; the message is one line."""

    code = "E201"


class ModelError(BreachfactsError, RuntimeError):
    """The requested spaCy pipeline is not installed or not usable."""

    code = "E300"


class ComponentConfigError(BreachfactsError, ValueError):
    """A config value given to a breachfacts spaCy component (``nlp.add_pipe(...,
    config=...)``) that it cannot use; the message names the component and the key."""

    code = "E301"


class StoreError(BreachfactsError):
    """The store cannot be used; ``str(error)`` is one line starting with the path."""

    code = "E400"


class StoreLocked(StoreError):
    """Another process holds the write lock longer than the busy timeout."""

    code = "E401"


class StoreReadOnly(StoreError):
    """The file (or its folder) cannot be written."""

    code = "E402"


class StoreCorrupt(StoreError):
    """The file is not an SQLite database, or its pages are damaged."""

    code = "E403"


class StoreTooNew(StoreError):
    """The file has a schema version newer than this breachfacts knows."""

    code = "E404"


class FactsFormatError(BreachfactsError, ValueError):
    """A ``breachfacts/1`` document that cannot be read; the message is one line."""

    code = "E410"


class PlotError(BreachfactsError):
    """A timeline that cannot be drawn; the message is one line."""

    code = "E500"


class PlotUnavailable(PlotError):
    """matplotlib is not installed."""

    code = "E501"


class DaskRunError(BreachfactsError, RuntimeError):
    """The cluster could not be reached or the output directory is unusable."""

    code = "E600"


def not_utf8(data: bytes, err: UnicodeDecodeError) -> str:
    """The one wording of a UTF-8 decoding failure, for every reader of files.

    Example:
        >>> data = b"ok\\xff"
        >>> try:
        ...     data.decode("utf-8")
        ... except UnicodeDecodeError as err:
        ...     not_utf8(data, err)
        'not UTF-8 (byte 0xff at offset 2)'
    """
    return f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})"
