"""`congvan watch` as a service: a failed look at the inbox never ends it (pipeline/cli/flows.py)."""

from __future__ import annotations

import pytest

from congvan.pipeline.cli.flows import MAX_BACKOFF, watch_loop
from congvan.pipeline.core.errors import WorkflowError


def test_a_failed_look_is_reported_backed_off_and_the_watch_goes_on(capsys: pytest.CaptureFixture[str]) -> None:
    """A Prefect start that fails twice, a crash, then good looks: each failure one line with its
    reason, waits doubling, the watch healthy again and still looking."""
    faults: list[Exception] = [WorkflowError("Prefect's embedded server did not start within 180 s"),
                               WorkflowError("Prefect's embedded server did not start within 180 s"),
                               RuntimeError("database is locked")]
    looks: list[str] = []
    waits: list[float] = []

    def cycle() -> None:
        looks.append("look")
        if faults:
            raise faults.pop(0)

    watch_loop(cycle, 60, sleep=waits.append, looks=6)
    out, err = capsys.readouterr()
    assert len(looks) == 6                                     # it kept looking
    assert waits == [60, 120, 240, 60, 60, 60]                 # backed off, then the interval again
    assert err.count("looking at the inbox failed") == 3 and "Traceback" not in err
    assert "did not start within 180 s" in err and "RuntimeError: database is locked" in err and "3 in a row" in err
    assert "healthy again after 3 failed look(s)" in out


def test_the_backoff_is_bounded() -> None:
    waits: list[float] = []

    def cycle() -> None:
        raise OSError("inbox unreachable")

    watch_loop(cycle, 300, sleep=waits.append, looks=5)
    assert waits[:3] == [300, 600, MAX_BACKOFF] and max(waits) == MAX_BACKOFF


def test_the_served_watch_says_when_its_prefect_server_is_lost_and_back() -> None:
    from congvan.pipeline.cli.flows import Health

    health = Health()
    said = [health.observe(ok, t) for ok, t in [(True, 0), (False, 60), (False, 120), (False, 60 + MAX_BACKOFF),
                                                (True, 61 + MAX_BACKOFF), (True, 62 + MAX_BACKOFF)]]
    assert said[0] is None and said[2] is None and said[5] is None       # nothing to say while nothing changes
    assert said[1] is not None and "does not answer" in said[1]
    assert said[3] is not None and f"still does not answer ({MAX_BACKOFF} s)" in said[3]
    assert said[4] is not None and "healthy again" in said[4] and f"after {MAX_BACKOFF + 1} s" in said[4]
