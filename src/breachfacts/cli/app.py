"""The ``breachfacts`` Typer app: the commands are registered here, and ``main()`` runs it.

The command modules (:mod:`.extract`, :mod:`.store`, :mod:`.feed`) import only
:mod:`.options`, :mod:`.common` and (``feed``) :mod:`.store`, never this module, so
there is no import circle. Kept quick to import: spaCy is imported only when a command
needs the pipeline, so ``breachfacts --help`` answers at once.
"""

from __future__ import annotations

import typer

from .extract import extract
from .feed import feed
from .store import add, check, history, store_info

app = typer.Typer(
    name="breachfacts",
    help="Extract figures, money, dates and organisations from breach news, with proof.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _app() -> None:
    """Extract figures, money, dates and organisations from breach news, with proof."""


app.command()(extract)
app.command()(add)
app.command()(check)
app.command()(history)
app.command()(feed)

store_app = typer.Typer(
    name="store",
    help="Look after the fact store itself.",
    no_args_is_help=True,
    add_completion=False,
)
store_app.command("info")(store_info)
app.add_typer(store_app, name="store")


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: raised in the main thread so that every ``finally`` runs
    (the worker pool ends its workers) and the process exits with ``128 + signal``.

    A BaseException, not a KeyboardInterrupt: click turns that into "Aborted!" and exit 1.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def main() -> None:
    """Console-script entry point.

    Ctrl-C (SIGINT) and SIGTERM end the run with one line on stderr and no traceback, exit
    130 or 143 (128 + the signal); the workers of ``--workers N`` end with it. An error of
    ours that escaped a command is one line too: exit 2 for a pattern, table or model
    problem (a usage problem), else 1.
    """
    import signal
    import sys

    from ..errors import BreachfactsError, MeasuresError, ModelError, PatternError

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted)
    stopped = 0
    try:
        app()
    except Interrupted as stop:
        stopped = stop.signum
    except BreachfactsError as err:
        _say(str(err))
        sys.exit(2 if isinstance(err, (PatternError, MeasuresError, ModelError)) else 1)
    if not stopped:
        return
    # Out of the except block: the interrupted frames are gone, the pool's cleanup has run.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C does not cut this short
    _end_children()
    _say(f"interrupted ({signal.Signals(stopped).name}); stopped")
    sys.exit(128 + stopped)


def _end_children() -> None:
    """End the worker processes still running (the pool ends its own; this is the net)."""
    import sys

    mp = sys.modules.get("multiprocessing")
    if mp is None:
        return
    for child in mp.active_children():
        child.terminate()


def _say(message: str) -> None:
    """One line on stderr, even when stderr is a closed pipe."""
    import sys

    try:
        sys.stderr.write(f"breachfacts: {' '.join(message.split())}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
