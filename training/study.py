"""The training study (issue 19): what each model needs to learn, measured by runs we made.

The article says VAEs cope better with little or poor data, GANs need more training time and ignore outliers,
diffusion models are easier to train but overlook rare details, transformers need large data sets and NeRFs
comparatively little. Each claim becomes an experiment over runs of the existing training scripts, and each
run is (model, training data, seed, time budget) with the preset it uses:

    experiment        runs (seeds 0, 1, 2 for every image experiment)      what is read off
    data_amount       VAE, GAN, diffusion on 600 / 6,000 / 60,000 images   FMNIST-FD, precision, recall, coverage,
                      (class-balanced subsets, fixed seed)                 sharpness, memorisation per size
    poor_data         the three on 60,000 images, half of them damaged    FD against clean test images, beside
                      (strong noise and an occluding square)               the clean run
    training_time     the three at full data (the data_amount runs)        FD against seconds and steps, time to
                                                                           reach an FD level, CPU seconds
    stability         GAN and diffusion, full data (the same runs)         spread of FD, coverage and class entropy
                                                                           over the run; collapses (rule below)
    rare_class        the three with one class (trousers) cut to 1 % of    that class's share of the samples
                      the set and 2 % of the images inverted (outliers)    against its 1 %; the share of samples
                                                                           nearest an inverted image against 2 %
    transformer_data  the character GPT on 1 % / 10 % / 100 % of its       validation loss on the same held-out
                      corpus, beside a character n-gram model              text
    nerf_views        the NeRF on 10 / 25 / 50 / 100 training views        PSNR on the 20 held-out views

Every image run trains the shipped architecture (for the diffusion model unconditional, label_dropout 1,
so that all three learn the same thing: the distribution of the training images) for the same budget of
training seconds on one thread; probes at fixed shares of the budget sample `probe_samples` images from
fixed latents and score them with our yardstick (training/classifier.py) against the 10,000 test images;
probe time does not count against the budget. Budgets are CPU seconds of the run's process (training/clock.py),
so a run trains as much when something else shares the machine. Results go to public/models/study.json, one record per run
with its config, data description and licence, seed, device, budget, curve and final metrics; the protocol
with its budgets heads the file. Runs already in the file are skipped with --resume, so the study can be
done across sittings; --jobs N starts N processes (one per core) that share the file and take the runs one
at a time (a run is claimed in study.json.claims while it trains; a claim of a process that is gone lapses:
training/run_queue.py).

This file holds the protocol and the plan; it knows the models only through the `STUDY` each model module
exposes (training/study_model.py): which experiments it takes part in, its budget, and how to train and
measure one run. The image models share their runs' data, probes and collapse rule (training/image_study.py).

    /usr/bin/python3 -m training.study --resume                   # the CPU protocol (about 7 h on one core, 3.5 h with --jobs 2)
    /usr/bin/python3 -m training.study --resume --jobs 2          # ... on both cores of this VM
    /usr/bin/python3 -m training.study --only data_amount --resume
    /usr/bin/python3 -m training.study --protocol smoke --out /tmp/study.json    # CI: tiny budgets

Collapse rule (stability): a run collapses when its samples, after an earlier probe covered at least 8 of the
10 classes (a class counts from 2 % of the samples) with at least 1.8 nats of class entropy (uniform: ln 10 =
2.30), fall below either, or when its FD rises to more than twice its best so far. A model still learning its
classes does not count as collapsed.

Rare class: the last probe of a rare_class run scores `rare_samples` images (10,000), since at 1 % a
thousand samples hold about ten of the class; the yardstick's own rate of calling other test images a trouser,
and of recognising real trousers, are stored beside it so the site can correct for them. The class is Trouser,
not Bag as in the first runs of the study (still in the file): the classifier files 96 % of uniform noise and
73 % of damaged images under Bag, so a model's failures counted as bags; it files almost nothing under Trouser
(0.08 % of other test images; recall 98 %). Outliers: the same runs invert 2 % of the images of the other
classes (yardstick.invert); a sample counts as one when its nearest neighbour among ordinary and inverted test
images is inverted, with that detector's error rates stored beside it.

Memorisation: every image run ends with the median pixel distance of its samples to their nearest training
image, beside the same for test images (which no model saw); a ratio well below 1 can mean copying (or
blurry samples, which lie close to many images).
"""
from __future__ import annotations

import os
import sys

if "--jobs" in sys.argv or os.environ.get("GMP_STUDY_WORKER"):  # one process per core: OpenBLAS must not
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")                # start threads of its own (set before numpy)

import argparse
import importlib
import time
from dataclasses import asdict, dataclass, field, replace

import torch

from . import clock, run_queue
from .cli import device_label, machine
from .data import DEFAULT_DIR
from .image_study import COLLAPSE_RULE
from .study_model import StudyModel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDY_PATH = os.path.join(ROOT, "public", "models", "study.json")
RARE_CLASS = 1  # trouser: recognised 98 % of the time, and hardly ever the classifier's guess for junk
OUTLIER_SHARE = 0.02  # of the rare_class runs' images inverted: the outliers
# The modules of this package whose models the study runs, each with its STUDY; their runs are planned (and
# done) in this order.
MODEL_MODULES = ("vae", "gan", "diffusion", "transformer", "ngram", "nerf")


@dataclass
class Protocol:
    name: str
    image_budget_s: float               # training seconds per image run (probes not counted)
    gpt_budget_s: float
    nerf_budget_s: float
    probe_shares: tuple = (1 / 16, 1 / 8, 1 / 4, 1 / 2, 1)  # probes at these shares of the budget
    probe_samples: int = 1000           # images per probe, the same for every run
    rare_samples: int = 10000           # images of the last measurement of a rare_class run
    diffusion_steps: int = 10           # DDIM steps when a probe samples the diffusion model
    sizes: tuple = (600, 6000, 60000)   # data_amount; the largest is the full training set
    seeds: tuple = (0, 1, 2)            # stability
    damaged_share: float = 0.5          # poor_data
    rare_share: float = 0.01            # rare_class
    corpus_shares: tuple = (0.01, 0.1, 1.0)
    views: tuple = (10, 25, 50, 100)
    # training_time: seconds until a run's FD (at probe_samples images) first reaches this. Fixed before any
    # run: about where samples turn into recognisable garments (the shipped GAN's curve passed it between
    # 10 and 15 minutes of training)
    fd_level: float = 200.0
    smoke: bool = False                 # tiny networks and data (CI)


PROTOCOLS = {
    # Measured: 420 min of runs on one core of the 2-core VM, about 3.5 h with --jobs 2 (one run per core):
    # 19 image runs x 15 min + probes and sampling (diffusion runs took 18 min, its rare-class run 26), 3 GPT runs x 20 min, the n-gram models, 4 NeRF runs x 10 min
    # (the shipped NeRF trained 35: at 5 minutes every view count would look alike for want of training).
    "cpu": Protocol("cpu", image_budget_s=900, gpt_budget_s=1200, nerf_budget_s=600),
    # A larger protocol for a GPU (../shared/gpu/README.md): longer budgets, more samples per probe.
    "gpu": Protocol("gpu", image_budget_s=1800, gpt_budget_s=1800, nerf_budget_s=900, probe_samples=5000,
                    diffusion_steps=20),
    # Two runs per experiment, seconds each: keeps the runner from rotting (training/smoke.py).
    "smoke": Protocol("smoke", image_budget_s=1.5, gpt_budget_s=1.5, nerf_budget_s=1.5, probe_shares=(0.5, 1),
                      probe_samples=200, rare_samples=400, diffusion_steps=2, sizes=(200, 1000), seeds=(0, 1), damaged_share=0.5,
                      rare_share=0.05, corpus_shares=(0.1, 1.0), views=(4, 8), fd_level=1e9, smoke=True),
}


@dataclass
class Run:
    experiment: str     # the first experiment that asks for it (others may share it, see `experiments`)
    model: str          # vae | gan | diffusion | gpt | ngram | nerf
    data: dict          # what it trains on, e.g. {"kind": "balanced", "images": 600}
    seed: int
    budget_s: float
    experiments: list = field(default_factory=list)

    @property
    def id(self) -> str:
        d = self.data
        what = {"balanced": lambda: f"fmnist-{d['images']}", "damaged": lambda: f"fmnist-damaged-{d['share']:g}",
                "rare": lambda: f"fmnist-rare{d['class']}-{d['share']:g}" + (f"-out{d['outliers']:g}" if d.get("outliers") else ""), "corpus": lambda: f"fortunes-{d['share']:g}",
                "views": lambda: f"views-{d['views']}"}[d["kind"]]()
        return f"{self.model}/{what}/seed{self.seed}/{self.budget_s:g}s"


def study_models() -> dict[str, StudyModel]:
    """The StudyModel of each module in MODEL_MODULES, by the runs' model name."""
    studies = [importlib.import_module(f"{__package__}.{name}").STUDY for name in MODEL_MODULES]
    return {s.name: s for s in studies}


MODELS = study_models()


def experiment_runs(p: Protocol) -> dict[str, list[tuple[dict, int]]]:
    """What each experiment trains a model of it on: (training data, seed) of each of its runs."""
    full = {"kind": "balanced", "images": max(p.sizes)}
    return {"data_amount": [({"kind": "balanced", "images": n}, s) for s in p.seeds for n in p.sizes],
            "training_time": [(full, s) for s in p.seeds],
            "poor_data": [(d, s) for s in p.seeds
                          for d in (full, {"kind": "damaged", "share": p.damaged_share, "images": max(p.sizes)})],
            "rare_class": [({"kind": "rare", "class": RARE_CLASS, "share": p.rare_share, "outliers": OUTLIER_SHARE,
                             "images": max(p.sizes)}, s) for s in p.seeds],
            "stability": [(full, s) for s in p.seeds],
            "transformer_data": [({"kind": "corpus", "share": share}, 0) for share in p.corpus_shares],
            "nerf_views": [({"kind": "views", "views": v}, 0) for v in p.views]}


def planned_runs(p: Protocol) -> list[Run]:
    """Every run of the protocol once, each listing the experiments it serves."""
    runs: dict[str, Run] = {}
    plan = experiment_runs(p)
    for model in MODELS.values():
        for experiment in model.experiments:
            for data, seed in plan[experiment]:
                run = Run(experiment, model.name, data, seed, model.budget(p))
                run = runs.setdefault(run.id, run)
                if experiment not in run.experiments:
                    run.experiments.append(experiment)
    return list(runs.values())


def header(p: Protocol) -> dict:
    return {"about": "Training study (issue 19): runs of this project's training scripts at equal budgets per "
                     "comparison; written by training/study.py (npm run study)",
            "protocol": {**asdict(p), "equal_budgets": {
                "image_runs_s": p.image_budget_s, "gpt_runs_s": p.gpt_budget_s, "nerf_runs_s": p.nerf_budget_s,
                "note": "training seconds per run, on one CPU thread unless the run's device says otherwise; "
                        "probes are not counted"},
                "collapse_rule": COLLAPSE_RULE, "rare_class": RARE_CLASS, "outlier_share": OUTLIER_SHARE,
                "budget_clock": "image runs on a CPU: CPU seconds of the run's process (image runs before 2026-12-06, "
                                "and GPT, NeRF and GPU runs: wall seconds)"},
            "runs": []}


def run_one(run: Run, p: Protocol, args, cache: dict) -> dict:
    torch.manual_seed(run.seed)
    speed = machine(args.device)  # measured before each run: what this run had, in case the VM differs
    t0 = time.time()
    result = MODELS[run.model].run(run, p, args, cache)
    return {"id": run.id, "experiments": run.experiments, "model": run.model, "seed": run.seed,
            "budget_s": run.budget_s, "device": device_label(args.device, args.threads),
            "machine": speed, "wall_s": round(time.time() - t0, 1), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "finished_unix": round(time.time()),
            **result}


def parse_args(argv) -> argparse.Namespace:
    p_ = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p_.add_argument("--protocol", choices=sorted(PROTOCOLS), default="cpu")
    p_.add_argument("--only", nargs="*", help="experiments or models to run (default: all)")
    p_.add_argument("--budget", type=float, help="override the protocol's training seconds for image runs")
    p_.add_argument("--resume", action="store_true", help="skip the runs already in the file")
    p_.add_argument("--redo", action="store_true", help="run again the selected runs that are in the file")
    p_.add_argument("--jobs", type=int, default=1, help="processes that share the runs (one per core)")
    p_.add_argument("--list", action="store_true", help="print the runs and whether they are done, and stop")
    p_.add_argument("--out", default=STUDY_PATH, help="the study file")
    p_.add_argument("--data", default=DEFAULT_DIR, help="folder with the Fashion-MNIST idx(.gz) files")
    p_.add_argument("--models", default=os.path.join(ROOT, "public", "models"), help="folder with yardstick/")
    for model in MODELS.values():
        for flag, options in model.options:
            p_.add_argument(flag, **options)
    p_.add_argument("--device", default="cpu")
    p_.add_argument("--threads", type=int, default=1, help="torch threads per process (1 is fastest here)")
    p_.add_argument("--keep-models", default=os.path.join(ROOT, "training", "out", "study-models"),
                    help="folder for each image run's trained weights (not committed); '' keeps none")
    return p_.parse_args(argv)


def main(argv=None) -> dict:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.device == "cpu":  # budgets in CPU seconds: runs side by side, or beside other work, train as much
        clock.use_cpu_time()  # (on a GPU the host's CPU seconds would not measure the work: wall time there)
    p = PROTOCOLS[args.protocol]
    if args.budget:
        p = replace(p, image_budget_s=args.budget)
    runs = [r for r in planned_runs(p) if not args.only or r.model in args.only or set(r.experiments) & set(args.only)]
    with run_queue.locked(args.out) as study:
        done = {r["id"] for r in (study or {}).get("runs", [])}
        if study and {k: study["protocol"].get(k) for k in ("name", "image_budget_s")} != {"name": p.name, "image_budget_s": p.image_budget_s}:
            raise SystemExit(f"{args.out} holds the {study['protocol']['name']} protocol with "
                             f"{study['protocol']['image_budget_s']:g} s image runs, not {p.name} with "
                             f"{p.image_budget_s:g} s: pass another --out (comparisons need equal budgets)")
    if args.list:
        for r in runs:
            print(f"{'done ' if r.id in done else 'to do'}  {r.id:44s} {', '.join(r.experiments)}")
        return {"runs": [r.id for r in runs]}
    again = [r.id for r in runs if r.id in done]
    if again and not (args.resume or args.redo):
        raise SystemExit(f"{len(again)} of the selected runs are in {args.out} already: pass --resume to skip "
                         "them or --redo to run them again")
    # seed by seed, so that a study stopped early has whole comparisons (every model at a seed) to show
    todo = sorted((r for r in runs if args.redo or r.id not in done), key=lambda r: r.seed)
    redo_before = run_queue.redo_before(args.redo)
    who = run_queue.worker_name()
    print(f"{who}: {len(todo)} runs to do ({len(runs) - len(todo)} done already), protocol {p.name}", flush=True)
    helpers = []
    if args.jobs > 1:  # the same command once more per job, sharing the runs through the file's claims
        helpers = run_queue.start_workers(__spec__.name, list(argv if argv is not None else sys.argv[1:]), args.jobs,
                                          redo_before)
    cache: dict = {}
    records = []
    while (run := run_queue.claim_next(args.out, todo, redo_before)) is not None:
        print(f"{who}: {run.id} ({', '.join(run.experiments)})", flush=True)
        record = run_one(run, p, args, cache)
        run_queue.save_run(args.out, record, header(p))
        records.append(record)
        print(f"{who}:     {record['final']} in {record['wall_s']:.0f} s", flush=True)
    failed = [h.args for h in helpers if h.wait() != 0]
    if failed:
        raise SystemExit(f"{len(failed)} of the parallel jobs failed; their runs stay to do (see their output)")
    return {"runs": records}


if __name__ == "__main__":
    main()
