"""The ``breachfacts`` Typer app: the commands are registered here, and ``main()`` runs it.

The command modules (:mod:`.extract`, :mod:`.store`) import only :mod:`.options` and
:mod:`.common`, never this module, so there is no import circle. Kept quick to import:
spaCy is imported only when a command needs the pipeline, so ``breachfacts --help``
answers at once.
"""

from __future__ import annotations

import typer

from .extract import extract
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

store_app = typer.Typer(
    name="store",
    help="Look after the fact store itself.",
    no_args_is_help=True,
    add_completion=False,
)
store_app.command("info")(store_info)
app.add_typer(store_app, name="store")


def main() -> None:
    """Console-script entry point.

    An error of ours that escaped a command is one line on stderr, not a traceback: exit 2
    for a pattern, table or model problem (a usage problem), else 1.
    """
    import sys

    from ..errors import BreachfactsError, MeasuresError, ModelError, PatternError

    try:
        app()
    except BreachfactsError as err:
        _say(str(err))
        sys.exit(2 if isinstance(err, (PatternError, MeasuresError, ModelError)) else 1)


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
