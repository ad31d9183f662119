"""``python -m breachfacts.cli``: the same as the ``breachfacts`` command."""

from breachfacts.cli.app import main

main()
