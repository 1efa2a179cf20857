"""The load benchmark's steps (a Locust load shape): more and more people, each step's
figures measured after it settles and kept apart. ``PHB_LOAD_STAGES`` gives the steps as
``people:seconds to settle:seconds measured``, comma-separated."""

import os
import time
from typing import Any

from locust import LoadTestShape

STAGES = [
    tuple(int(n) for n in stage.split(":")) for stage in os.environ["PHB_LOAD_STAGES"].split(",")
]
"""(people, seconds to settle, seconds measured) per step."""
SPAWN_RATE = float(os.environ.get("PHB_LOAD_SPAWN_RATE", "5"))


class Steps(LoadTestShape):
    """The load in steps; each step's figures are measured after it settles, then kept."""

    def __init__(self) -> None:
        super().__init__()
        self.stage = 0
        self.measuring_since: float | None = None
        self.kept: list[dict[str, Any]] = []

    def tick(self):
        elapsed = self.get_run_time()
        start = sum(settle + measure for _, settle, measure in STAGES[: self.stage])
        if self.stage >= len(STAGES):
            return None
        people, settle, measure = STAGES[self.stage]
        if self.measuring_since is None and elapsed >= start + settle:
            self.runner.stats.reset_all()
            self.measuring_since = time.monotonic()
        elif self.measuring_since is not None and elapsed >= start + settle + measure:
            self.kept.append(_step(self.runner, people, time.monotonic() - self.measuring_since))
            self.stage, self.measuring_since = self.stage + 1, None
            if self.stage >= len(STAGES):
                return None
            people = STAGES[self.stage][0]
        return people, SPAWN_RATE


def _step(runner, people: int, seconds: float) -> dict[str, Any]:
    stats = runner.stats
    total = stats.total

    def figures(entry) -> dict[str, Any]:
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
            "max": entry.max_response_time,
        }

    return {
        "people": people,
        "seconds": seconds,
        "per_second": total.num_requests / seconds,
        **figures(total),
        "endpoints": {
            f"{method} {name}": figures(entry) for (name, method), entry in stats.entries.items()
        },
        "errors": {str(error.error): error.occurrences for error in stats.errors.values()},
    }
