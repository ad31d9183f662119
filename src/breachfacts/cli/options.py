"""The option and argument types the commands share, as ``Annotated`` aliases.

The parameter type does the checking (``min=1`` on ``--workers``, ``min=1000`` on
``--max-chars``), so each command only names its parameters. Defaults stay in the command
signatures (Typer wants them there), named where they live: ``nlp.DEFAULT_MODEL``,
``pieces.DEFAULT_MAX_CHARS``, ``ingest.DEFAULT_MAX_BYTES``; importing them loads no spaCy.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"
    veris = "veris"


InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Article files (.txt, .html, .jsonl), directories of them, http(s):// URLs of "
        "pages, or - for JSONL on stdin.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        "-p",
        help="Publication date (YYYY-MM-DD) for every input; relative dates resolve against it. "
        "Overrides sidecar .meta.json files and JSONL 'published' fields.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,  # noqa: UP007
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table on a terminal, jsonl when piped). csv: a row per "
        "fact (columns in docs/views.md); html: one self-contained page with the facts "
        "highlighted; veris: a VERIS-shaped record per article.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option("--model", help="Installed spaCy pipeline package to use."),
]
PatternsOpt = Annotated[
    list[Path] | None,  # noqa: UP007
    typer.Option(
        "--patterns",
        help="Extra directory of pattern files (*.jsonl, aliases.json, units.json, cues.json); "
        "repeatable. Also read from $BREACHFACTS_PATTERNS.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Refuse input files (and pages by URL, counted as read and decompressed) larger "
        "than this many bytes.",
    ),
]
TimeoutOpt = Annotated[
    float | None,  # noqa: UP007
    typer.Option(
        "--timeout",
        min=0.001,
        help="URLs: seconds to wait to connect, and for each piece of a response "
        "[default: 10 to connect, 20 to read; a whole page gets at most 120].",
        show_default=False,
    ),
]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes for extraction (spaCy pipelines in parallel).",
    ),
]
BatchOpt = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per nlp.pipe batch.")]
MaxCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=1000,
        help="Longer articles are processed in pieces cut at paragraph breaks (offsets stay true).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on stderr (errors are still shown).")
]
