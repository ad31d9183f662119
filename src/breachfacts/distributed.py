"""Past one machine: partition the inputs over a Dask cluster, write JSONL parts.

``breachfacts extract --dask ADDRESS --out DIR`` (or ``--dask local`` for a
``dask.distributed.LocalCluster`` on this machine) plans partitions of the inputs (article
files in groups of ``partition_size``; each JSONL file cut into shards of ``partition_size``
lines by byte offsets, :mod:`breachfacts.ingest.shards`, so one large file spreads over the
workers and its errors still name its own lines), sends each partition to a worker,
and writes the worker's ``breachfacts/1`` JSONL to ``DIR/part-NNNNN.jsonl`` with a
``DIR/manifest.json`` saying which partitions are done (or failed) and which inputs could
not be read. Rerunning skips finished partitions, so a killed run restarts where it stopped;
a failed partition is tried again, and the bad inputs of finished ones are reported again
(so a rerun exits 1 as the first run did). A partition's id holds its inputs and, for a JSONL
shard, its offsets, the shard size and the file's identity (its size and a hash of its bytes;
the modification time only tells a worker that the file changed after the plan): a plan is the
same for the same files and size, and a JSONL file that changed, or a new ``partition_size``,
has its shards redone (said through ``on_note``); part files of an
earlier plan that this one does not have are removed, so the parts on disk are the manifest's.

Each worker builds the spaCy pipeline once, in a worker plugin, before its first partition,
and extracts a partition with :func:`breachfacts.batch.extract_items`, the path a local run
takes (:func:`~breachfacts.batch.extract_inputs`): long articles are cut at ``max_chars``
there too, and give the same facts and offsets.

Workers read the input paths themselves: on several machines, the inputs must be on a
filesystem they all see (the output is written by this process only).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from breachfacts.errors import DaskRunError
from breachfacts.facts import json_text

from .ingest import (
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIXES,
    JsonlShard,
    article_files,
    plan_jsonl,
    read_jsonl_shard,
)
from .nlp import DEFAULT_MODEL
from .nlp.pipeline import check_model
from .pieces import DEFAULT_MAX_CHARS

MANIFEST = "manifest.json"
DEFAULT_PARTITION_SIZE = 64
_PART_NAME = re.compile(r"part-\d{5}\.jsonl")


@dataclass
class Partition:
    """A unit of work: a few article files, or one JSONL file or shard of one (``shard``)."""

    index: int
    inputs: list[str]
    shard: JsonlShard | None = None
    id: str = ""
    status: str = "pending"  # pending | done | failed (a failed one is tried again on rerun)
    articles: int = 0
    errors: list[str] = field(default_factory=list)
    sha256: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            # a shard by its offsets, size asked for and the file's size and content hash;
            # not its mtime: a file touched but not changed keeps its finished shards
            shard = asdict(self.shard) if self.shard else {}
            key = [self.inputs, {k: v for k, v in shard.items() if k != "mtime_ns"} or None]
            digest = hashlib.sha1(json.dumps(key).encode()).hexdigest()[:12]
            self.id = f"{self.index:05d}-{digest}"

    @property
    def part(self) -> str:
        return f"part-{self.index:05d}.jsonl"


def plan(
    inputs: Sequence[str],
    partition_size: int = DEFAULT_PARTITION_SIZE,
    on_error: Callable[[str], None] = lambda message: None,
) -> list[Partition]:
    """Partitions of ``inputs`` in input order: files grouped by ``partition_size``, each
    JSONL file in shards of ``partition_size`` lines (whole, when it cannot be planned).

    A directory that cannot be listed is handed to ``on_error`` as its one-line message.
    """
    if "-" in inputs:
        raise DaskRunError("stdin ('-') cannot be distributed; save it to a .jsonl file")
    files: list[str] = []
    for item in inputs:
        if os.path.isdir(item):
            files.extend(article_files(item, on_error=lambda err: on_error(str(err))))
        else:
            files.append(item)
    parts: list[Partition] = []
    group: list[str] = []

    def flush() -> None:
        if group:
            parts.append(Partition(len(parts), list(group)))
            group.clear()

    for f in files:
        if f.lower().endswith(JSONL_SUFFIXES):
            flush()
            shards = plan_jsonl(f, partition_size)
            if shards is None:  # read whole: the worker's reader says what is wrong with it
                parts.append(Partition(len(parts), [f]))
            for shard in shards or ():
                parts.append(Partition(len(parts), [f], shard))
        else:
            group.append(f)
            if len(group) >= partition_size:
                flush()
    flush()
    return parts


class PipelinePlugin(WorkerPlugin):
    """Dask worker plugin: builds the breachfacts pipeline once per worker process."""

    name = "breachfacts-pipeline"

    def __init__(self, model: str, patterns: Sequence[str] = ()) -> None:
        self.model = model
        self.patterns = tuple(str(p) for p in patterns)

    def setup(self, worker: Any) -> None:
        from .nlp import load

        load(self.model, self.patterns)  # cached per process: every task reuses it


def process_partition(
    inputs: list[str],
    published: str | None,
    model: str,
    patterns: Sequence[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 16,
    shard: JsonlShard | None = None,
) -> dict[str, Any]:
    """Run on a worker: extract one partition (``inputs``, or the lines of ``shard``);
    returns its JSONL lines and input errors."""
    from .batch import extract_items
    from .ingest import read_inputs
    from .nlp import load

    nlp = load(model, tuple(patterns))
    pub = date.fromisoformat(published) if published else None
    errors: list[str] = []
    if shard is not None:
        items = read_jsonl_shard(shard, pub, max_bytes)
    else:
        items = read_inputs(inputs, pub, max_bytes=max_bytes)
    done = extract_items(
        items,
        nlp,
        on_error=lambda err: errors.append(str(err)),
        batch_size=batch_size,
        max_chars=max_chars,
    )
    lines = [json_text(ex.to_dict()) for ex in done]
    return {"lines": lines, "errors": errors}


def _local_cluster(workers: int, model: str, patterns: Sequence[str]) -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes.

    Where the platform forks (Linux), the pipeline is built here first and the worker
    processes are forked from this one, so each starts with it built (shared copy-on-write)
    instead of importing spaCy and loading the model again: the start of a 2-worker cluster
    no longer loads the model twice at once on a 2-core machine. Elsewhere workers are
    spawned, dask's default, and build it in :class:`PipelinePlugin`.
    """
    import sys

    import dask
    from dask.distributed import LocalCluster

    method = "spawn"
    if sys.platform.startswith("linux"):
        from .nlp import load

        load(model, tuple(patterns))
        method = "fork"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


def _load_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The partitions an earlier run finished or failed, by id (empty if there was none)."""
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        brief = " ".join(str(err).split())[:120]
        raise DaskRunError(f"{path}: unreadable manifest ({brief})") from None
    parts = doc.get("partitions") if isinstance(doc, dict) else None
    if not isinstance(parts, list):
        raise DaskRunError(f"{path}: unreadable manifest (no list of partitions)")
    known: dict[str, dict[str, Any]] = {}
    for p in parts:
        if (
            isinstance(p, dict)
            and isinstance(p.get("id"), str)
            and isinstance(p.get("articles"), int)
            and isinstance(p.get("errors"), list)
            and all(isinstance(e, str) for e in p["errors"])
        ):
            known[p["id"]] = p
    return known


def replanned(parts: Sequence[Partition], known: Iterable[dict[str, Any]]) -> list[str]:
    """One line per JSONL file whose shards an earlier run planned otherwise: the file
    changed, or the shard size did."""
    before: dict[str, dict[str, Any]] = {}
    for old in known:
        shard = old.get("shard")
        if isinstance(shard, dict) and isinstance(shard.get("path"), str):
            before.setdefault(shard["path"], shard)
    notes: list[str] = []
    for p in parts:
        old = before.pop(p.shard.path, None) if p.shard else None
        if old is None or p.shard is None:
            continue
        if (old.get("digest"), old.get("size")) != (p.shard.digest, p.shard.size):
            notes.append(f"{p.shard.path}: changed since the last run; all its shards are redone")
        elif old.get("lines") != p.shard.lines:
            was = old.get("lines")
            why = f"--partition-size {was} -> {p.shard.lines}"
            notes.append(f"{p.shard.path}: {why}; all its shards are redone")
    return notes


def remove_stale_parts(
    out: Path, parts: Sequence[Partition], known: Iterable[dict[str, Any]]
) -> None:
    """Remove the part files of an earlier plan that this plan does not write."""
    current = {p.part for p in parts}
    for old in known:
        name = old.get("part")
        if isinstance(name, str) and _PART_NAME.fullmatch(name) and name not in current:
            (out / name).unlink(missing_ok=True)


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def run_dask(
    inputs: Sequence[str],
    out: Path,
    address: str,
    *,
    published: date | None = None,
    model: str = DEFAULT_MODEL,
    patterns: Sequence[str] = (),
    partition_size: int = DEFAULT_PARTITION_SIZE,
    workers: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 16,
    on_error: Callable[[str], None] = lambda message: None,
    on_done: Callable[[Partition], None] = lambda part: None,
    on_note: Callable[[str], None] = lambda message: None,
) -> list[Partition]:
    """Extract ``inputs`` on a Dask cluster into ``out`` (see the module docstring).

    ``address`` is a scheduler address (``tcp://host:8786``) or ``local`` to start a
    ``LocalCluster`` with ``workers`` single-threaded worker processes. Returns all
    partitions with their status; finished ones from an earlier run are skipped.
    ``on_note`` hears why the shards of a JSONL file done before are redone.
    ``max_chars`` and ``batch_size`` are those of :func:`breachfacts.batch.run`, on each worker.
    """
    from dask.distributed import Client, as_completed

    check_model(model)  # a package that is no pipeline: one line here, not on every worker
    if out.exists() and not out.is_dir():
        raise DaskRunError(f"--out {out}: not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DaskRunError(f"--out {out}: cannot create ({err.strerror or err})") from None
    parts = plan(inputs, partition_size, on_error)
    known = _load_manifest(out)
    for message in replanned(parts, known.values()):
        on_note(message)
    remove_stale_parts(out, parts, known.values())
    for p in parts:
        old = known.get(p.id)
        if old and old.get("status") == "done" and (out / p.part).exists():
            p.status, p.articles, p.errors, p.sha256 = (
                "done",
                old["articles"],
                old["errors"],
                old.get("sha256"),
            )
            for message in p.errors:  # bad inputs stay bad: said again, and the exit is 1
                on_error(message)

    def save() -> None:
        doc = {
            "schema": "breachfacts/1",
            "inputs": list(inputs),
            "published": published.isoformat() if published else None,
            "model": model,
            "partitions": [asdict(p) | {"part": p.part} for p in parts],
        }
        _write_atomic(out / MANIFEST, json.dumps(doc, indent=2))

    todo = [p for p in parts if p.status != "done"]
    save()
    if not todo:
        return parts
    cluster = None
    try:
        if address == "local":
            cluster = _local_cluster(workers, model, patterns)
            client = Client(cluster)
        else:
            client = Client(address, timeout="20s")
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise DaskRunError(f"cannot reach Dask scheduler {address} ({err})") from None
    try:
        client.register_plugin(PipelinePlugin(model, patterns), name=PipelinePlugin.name)
        pub = published.isoformat() if published else None
        futures = {
            client.submit(
                process_partition,
                p.inputs,
                pub,
                model,
                list(patterns),
                max_bytes,
                max_chars,
                batch_size,
                p.shard,
                key=f"breachfacts-{p.id}",
                pure=False,
            ): p
            for p in todo
        }
        for fut in as_completed(futures):
            p = futures[fut]
            try:
                result = fut.result()
            except Exception as err:  # noqa: BLE001 - a worker's failure: this partition only
                brief = " ".join(f"{type(err).__name__}: {err}".split())[:200]
                p.status, p.articles = "failed", 0
                p.errors = [f"{out / p.part}: partition failed ({brief}); rerun to retry it"]
                on_error(p.errors[0])
                save()
                continue
            body = "".join(line + "\n" for line in result["lines"])
            _write_atomic(out / p.part, body)
            p.status, p.articles, p.errors = "done", len(result["lines"]), result["errors"]
            p.sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
            for message in p.errors:
                on_error(message)
            save()
            on_done(p)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return parts
