"""The clock that training budgets run on. Presets stop by wall-clock time (`time.time`); the training study
switches to the process's CPU time (`use_cpu_time`), so that a run's budget means the same compute whether or
not something else shares the machine (on an idle core the two agree: the study's first runs used 894 CPU
seconds of their 900 s). The trainers and probes read `now()`.
"""
from __future__ import annotations

import time

_now = time.time


def now() -> float:
    return _now()


def use_cpu_time() -> None:
    """From now on budgets are CPU seconds of this process (all its threads)."""
    global _now
    _now = time.process_time


def name() -> str:
    return "cpu" if _now is time.process_time else "wall"
