"""Checkpoint probes for the training loops: measure the model at chosen moments of its training time.

A training loop calls `probes.tick(step, t0, model)` after every step. When the training time has passed the
next moment in `times`, the probe function runs on the model (e.g. sample 1,000 images and score them with the
yardstick) and its figures join the curve as {"step", "s", ...}. The probe's own time does not count against
the training budget: tick returns t0 moved forward by it, so a run with probes trains as long as one without.
`finish` adds a last point at the end of training unless the last probe was already there.
"""
from __future__ import annotations

import time
from typing import Callable
from . import clock


class Probes:
    def __init__(self, times: list[float], probe: Callable[[object, int], dict]):
        self.times = sorted(times)
        self.probe = probe
        self.curve: list[dict] = []
        self.cpu_s = 0.0  # CPU time spent in probes, to take off the run's compute figure

    @classmethod
    def every(cls, every_s: float, limit_s: float, probe: Callable[[object, int], dict]) -> "Probes":
        """Probes at every_s, 2·every_s, ... up to limit_s."""
        n = int(limit_s // every_s) if every_s > 0 else 0
        return cls([every_s * (k + 1) for k in range(n)], probe)

    def _run(self, step: int, elapsed: float, model) -> float:
        start, cpu = clock.now(), time.process_time()
        self.curve.append({"step": step, "s": round(elapsed, 1), **self.probe(model, step)})
        self.cpu_s += time.process_time() - cpu
        return clock.now() - start

    def tick(self, step: int, t0: float, model) -> float:
        """Runs the probe once if a moment in `times` has passed (all passed moments count as one)."""
        elapsed = clock.now() - t0
        if not self.times or elapsed < self.times[0]:
            return t0
        while self.times and elapsed >= self.times[0]:
            self.times.pop(0)
        return t0 + self._run(step, elapsed, model)

    def finish(self, step: int, t0: float, model) -> float:
        """A last point at the end of training, unless the curve already ends at this step."""
        if not self.curve or self.curve[-1]["step"] != step:
            t0 += self._run(step, clock.now() - t0, model)
        return t0


def no_probes() -> Probes:
    return Probes([], lambda model, step: {})
