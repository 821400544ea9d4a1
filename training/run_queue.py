"""The study's run queue: one JSON file of finished runs ({"runs": [{"id", "finished_unix", ...}], ...}) that
several processes share. Each takes the next run nobody has finished or claimed (a claim lives in FILE.claims
while the run trains and lapses when its process is gone), trains it and adds its record, all under a lock on
FILE.lock, so a study can stop at any moment and resume, on one core or several (`start_workers`).
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from typing import TypeVar

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = "GMP_STUDY_WORKER"              # set in the helper processes: their number
REDO_BEFORE = "GMP_STUDY_REDO_BEFORE"    # with --redo: runs finished before this time are to be done again


Job = TypeVar("Job")  # a run: anything with an `id` (study.Run)


@contextlib.contextmanager
def locked(path: str):
    """The file read and written under an exclusive lock (parallel jobs share it); yields its content or None."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            study = None
            if os.path.exists(path):
                with open(path) as f:
                    study = json.load(f)
            yield study
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _claims(path: str) -> dict:
    """The runs being trained now: id -> the process that took it; claims of processes gone are dropped."""
    try:
        with open(path + ".claims") as f:
            claims = json.load(f)
    except (OSError, ValueError):
        return {}
    def alive(c: dict) -> bool:
        if c.get("host") != socket.gethostname():
            return True
        try:
            os.kill(int(c["pid"]), 0)
        except (OSError, ValueError, KeyError):
            return False
        return True
    return {k: c for k, c in claims.items() if alive(c)}


def _write_claims(path: str, claims: dict) -> None:
    with open(path + ".claims.part", "w") as f:
        json.dump(claims, f, indent=1)
    os.replace(path + ".claims.part", path + ".claims")


def claim_next(path: str, todo: list[Job], redo_before: float | None) -> Job | None:
    """The first run of `todo` that is neither in the file (or, with --redo, in it only from before
    `redo_before`) nor taken by another process, marked as this process's; None when none is left."""
    with locked(path) as study:
        finished = {r["id"]: r.get("finished_unix", 0) for r in (study or {}).get("runs", [])}
        claims = _claims(path)
        for run in todo:
            done = run.id in finished and (redo_before is None or finished[run.id] >= redo_before)
            if not done and run.id not in claims:
                claims[run.id] = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
                _write_claims(path, claims)
                return run
    return None


def save_run(path: str, record: dict, header: dict) -> None:
    """Adds `record` to the file (replacing a record of the same id; runs sorted by id) and drops its claim;
    a new file starts as `header`, with its "runs" list."""
    with locked(path) as study:
        claims = _claims(path)
        claims.pop(record["id"], None)
        _write_claims(path, claims)
        study = study or header
        study["about"], study["protocol"] = header["about"], header["protocol"]  # the protocol as it is now
        study["runs"] = [r for r in study["runs"] if r["id"] != record["id"]] + [record]
        study["runs"].sort(key=lambda r: r["id"])
        with open(path + ".part", "w") as f:
            json.dump(study, f, indent=1)
            f.write("\n")
        os.replace(path + ".part", path)


def redo_before(redo: bool) -> float | None:
    """With --redo, the time before which finished runs count as not done: the first process's start."""
    return float(os.environ.get(REDO_BEFORE, time.time())) if redo else None


def worker_name() -> str:
    return f"job {os.environ.get(WORKER, '0')}"


def start_workers(module: str, argv: list[str], jobs: int, redo_before: float | None) -> list[subprocess.Popen]:
    """`python -m module argv` once more for each of jobs - 1 helpers (argv without its --jobs N), one thread of
    OpenBLAS each; they share the runs with this process through the file's claims."""
    i = argv.index("--jobs")
    argv = argv[:i] + argv[i + 2:]
    pythonpath = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p)  # finds the package anywhere
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", REDO_BEFORE: str(redo_before or 0), "PYTHONPATH": pythonpath}
    return [subprocess.Popen([sys.executable, "-m", module, *argv], env={**env, WORKER: str(j)})
            for j in range(1, jobs)]
