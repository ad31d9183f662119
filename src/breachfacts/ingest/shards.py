"""A JSONL file cut into shards of whole lines, by byte offsets, without loading the file.

:func:`plan_jsonl` reads the file once, a block at a time, counting newlines (and hashing the
bytes, the file's identity), and cuts it after every ``lines`` lines: each
:class:`JsonlShard` is ``(path, start, end, first_line)``, so a shard is read with a seek and
its errors name the file's own line numbers. :func:`read_jsonl_shard` reads one shard as
:func:`~breachfacts.ingest.read_inputs` reads the whole file, so the shards of a file give the
articles and errors of the file, in order:

- lines end at ``"\\n"`` only (:mod:`.jsonl`), so a cut never falls inside a record;
- a NUL byte ends the plan: the shard holding it runs to the end of the file, and its reader
  stops there with the one "binary data" error, as the whole file's reader does;
- a file with nothing but whitespace is one shard, so it is one "empty file" error; a shard of
  blank lines in a file that has articles is no error;
- a shard whose file changed since the plan (size or modification time) is one error, never
  other lines read under the old offsets.

Example:
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = open(path, "w").write("".join(f'{{"text": "t{i}"}}\\n' for i in range(5)))
    >>> [(s.start, s.end, s.first_line) for s in plan_jsonl(path, 2)]
    [(0, 30, 1), (30, 60, 3), (60, 75, 5)]
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from breachfacts.errors import ReadError
from breachfacts.facts import Article

from ..jsontypes import SURROGATE
from .files import DEFAULT_MAX_BYTES, open_regular
from .jsonl import read_jsonl_stream

#: Bytes read at a time while planning.
_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class JsonlShard:
    """Lines ``first_line``... of a JSONL file: the bytes ``[start, end)``.

    ``lines`` is the shard size asked for (the last shard may hold fewer); ``size``,
    ``mtime_ns`` and ``digest`` (BLAKE2b of the bytes planned) are the file's identity when
    it was planned, so a plan is stable for the same file and size and a changed file is seen.
    """

    path: str
    start: int
    end: int
    first_line: int
    lines: int
    size: int
    mtime_ns: int
    digest: str

    @property
    def whole(self) -> bool:
        """Whether this shard is the whole file."""
        return self.start == 0 and self.end == self.size


def plan_jsonl(path: str, lines: int) -> list[JsonlShard] | None:
    """Shards of at most ``lines`` lines of the JSONL file ``path``, in file order.

    ``None`` when the file cannot be planned (it cannot be opened, is no regular file, or
    its name is not UTF-8): it is then read whole, and its reader says why.
    """
    if lines < 1:
        raise ValueError("lines must be positive")
    if SURROGATE.search(path):
        return None
    try:
        with open_regular(path) as f:
            st = os.fstat(f.fileno())
            cuts, digest, blank = _scan(f, lines)
            after = os.fstat(f.fileno())
    except (ReadError, OSError):
        return None
    if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns):
        return None  # written while planned: read whole, as it is when read
    size = st.st_size
    if blank:  # whitespace only: one shard, whose reader says "empty file"
        cuts = [(0, 1)]
    ends = [start for start, _ in cuts[1:]] + [size]
    shards = [
        JsonlShard(path, start, end, first, lines, size, st.st_mtime_ns, digest)
        for (start, first), end in zip(cuts, ends, strict=True)
    ]
    return [s for s in shards if s.start < s.end] or shards[:1]


def _scan(f: Any, lines: int) -> tuple[list[tuple[int, int]], str, bool]:
    """``(start offset, first line)`` of each shard, the digest of the bytes read, and
    whether they are all whitespace. Stops at the first NUL byte (the rest is binary)."""
    digest = hashlib.blake2b(digest_size=16)
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    cuts = [(0, 1)]
    pos = 0  # offset of the block in the file
    line = 1  # number of the line the block starts in
    held = 0  # whole lines in the current shard so far
    blank = True
    while block := f.read(_BLOCK):
        digest.update(block)
        nul = block.find(b"\x00")
        scan = block if nul < 0 else block[:nul]
        if blank and (nul >= 0 or text.decode(scan).strip()):
            blank = False
        count = scan.count(b"\n")
        i = 0
        while held + count >= lines:
            for _ in range(lines - held):
                i = scan.index(b"\n", i) + 1
            count -= lines - held
            line += lines - held
            held = 0
            cuts.append((pos + i, line))
        held += count
        line += count
        pos += len(block)
        if nul >= 0:
            break
    if blank and text.decode(b"", final=True).strip():
        blank = False
    return cuts, digest.hexdigest(), blank


class _Bounded:
    """The ``readline`` of a binary file, ending at byte ``end``."""

    def __init__(self, f: Any, end: int) -> None:
        self.f = f
        self.left = end - f.tell()

    def readline(self, size: int = -1) -> bytes:
        n = self.left if size < 0 else min(size, self.left)
        line = self.f.readline(n) if n > 0 else b""
        self.left -= len(line)
        return line


def read_jsonl_shard(
    shard: JsonlShard, published: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | ReadError]:
    """The articles (or ``ReadError``) of one shard, named by the file's own line numbers."""
    try:
        with open_regular(shard.path) as f:
            st = os.fstat(f.fileno())
            if (st.st_size, st.st_mtime_ns) != (shard.size, shard.mtime_ns):
                why = f"changed since it was partitioned (lines {shard.first_line}...); rerun"
                yield ReadError(shard.path, why)
                return
            f.seek(shard.start)
            stream = _Bounded(f, shard.end)
            empty = "empty file" if shard.whole else None
            yield from read_jsonl_stream(
                stream, shard.path, published, max_bytes, empty, shard.first_line
            )
    except ReadError as err:
        yield err
    except OSError as err:
        yield ReadError(shard.path, f"cannot read ({err.strerror or err})")
