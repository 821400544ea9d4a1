"""What the training study (training/study.py) needs of a model: each model module it runs (vae, gan,
diffusion, transformer, ngram, nerf) has a `STUDY = StudyModel(...)`, and study.py knows the models only
through it: it plans their runs from `experiments` and `budget`, and trains and measures one with `run`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # for the annotations only: study.py imports the model modules, not the other way round
    import argparse

    from .study import Protocol, Run


@dataclass(frozen=True)
class StudyModel:
    name: str                                   # the runs' model in study.json (their ids start with it; --only)
    experiments: tuple[str, ...]                # the study's experiments it takes part in (study.experiment_runs)
    budget: Callable[[Protocol], float]         # training seconds of each of its runs under a protocol
    # (run, protocol, parsed arguments, a cache the process keeps between runs) -> the run's measured fields
    # for study.json: config, data (with its licence), steps, train_cpu_s, curve, final, ...
    run: Callable[[Run, Protocol, argparse.Namespace, dict], dict]
    # command-line options of its own for study.py, as (flag, argparse keywords), e.g. where its data is
    options: tuple[tuple[str, dict], ...] = ()
