"""What the fuzz and hostile-input modules share: ``within`` (a call that must end in time); and
what every fuzz module shares: hypothesis settings per profile, and a count of the cases
each property ran, printed at the end of its module.

Each fuzz module imports ``case``, ``fuzz`` and ``report_cases`` (an autouse fixture: importing
it into the module is what turns it on) and calls ``case()`` once per generated example.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

#: The health checks a fuzz property may trip by design: slow first calls, big or filtered
#: inputs, fixtures shared across examples (they hold no state between examples).
HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]

#: (module, test) -> cases run (shrinking and replays included).
CASES: Counter[tuple[str, str]] = Counter()


def case() -> None:
    """Count one case for the running test."""
    node = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
    module, _, test = node.partition("::")
    CASES[os.path.basename(module), test.split("::")[-1]] += 1


def fuzz(examples: int, scale: int) -> settings:
    """Settings for one property at one profile: no deadline (first calls are slow)."""
    return settings(
        max_examples=examples * scale,
        deadline=None,
        suppress_health_check=HEALTH,
        print_blob=True,
    )


@pytest.fixture(scope="module", autouse=True)
def report_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: one line per property with its cases, and the module's total."""
    yield
    module = os.path.basename(str(request.node.path))
    mine = {test: n for (mod, test), n in CASES.items() if mod == module}
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not mine:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        for name, n in mine.items():
            reporter.write_line(f"fuzz cases: {n:6d}  {name}")
        reporter.write_line(f"fuzz cases: {sum(mine.values()):6d}  in all ({module})")


def within(seconds: float, fn, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN201
    """``fn(*args)`` in a daemon thread; fails (instead of hanging the run) after ``seconds``."""
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn(*args, **kw)
        except BaseException as err:  # noqa: BLE001 - handed to the test
            box["error"] = err

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} still running after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]
