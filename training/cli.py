"""The command-line options and the device label every training script shares."""
from __future__ import annotations

import argparse
import os
import time

import torch

from .data import DEFAULT_DIR

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def base_parser(doc: str, writes: str) -> argparse.ArgumentParser:
    """--data, --out, --smoke, --device, --threads; `writes` says what the script puts into --out."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_DIR, help="folder with the Fashion-MNIST idx(.gz) files")
    p.add_argument("--out", default=os.path.join(ROOT, "public", "models"),
                   help=f"models folder: writes {writes} and updates manifest.json there")
    p.add_argument("--smoke", action="store_true", help="tiny, fast run to check the pipeline (CI)")
    p.add_argument("--device", default="cpu", help="torch device for training (cpu or cuda); export runs on CPU")
    # One torch thread is fastest with Debian's torch and OpenBLAS (which threads itself): a GAN step takes
    # 0.13 s with 1 and 0.35-0.40 s with 2 torch threads on this 2-core machine, a GPT step 0.86 s against 1.3 s.
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (1 is fastest here, see above)")
    return p


def add_preset_args(p: argparse.ArgumentParser, presets: dict, about: str) -> None:
    """--preset (e.g. cpu here, full on a GPU), and --steps / --time-limit to override the preset's."""
    p.add_argument("--preset", choices=sorted(presets), default="cpu", help=about)
    p.add_argument("--steps", type=int, help="override the preset's training steps")
    p.add_argument("--time-limit", type=float, help="override the preset's training time limit (s)")


def preset_config(cls, args: argparse.Namespace, smoke: dict, presets: dict):
    """The config dataclass for --smoke or --preset, with --steps and --time-limit applied."""
    cfg = cls(**smoke) if args.smoke else cls(**presets[args.preset])
    if args.steps:
        cfg.steps = args.steps
    if args.time_limit:
        cfg.time_limit_s = args.time_limit
    return cfg


def device_label(device: str, threads: int) -> str:
    """What the manifest records as the training device, e.g. 'cpu (2 threads, torch 1.13.0)'."""
    where = f"cpu ({threads} thread{'s' if threads != 1 else ''}" if device == "cpu" else torch.cuda.get_device_name(0) + " ("
    return f"{where}, torch {torch.__version__})"


def machine(device: str) -> dict:
    """The machine a run had, for comparing runs made in different sittings: VMs of one kind differ (a GPT step
    took 0.86 s on one and 0.41 s on another), so the CPU's name and a one-thread float32 matmul rate measured
    now go with every timed result."""
    if device != "cpu":
        return {"gpu": torch.cuda.get_device_name(0)}
    name = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            name = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), name)
    except OSError:
        pass
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    for _ in range(20):
        a @ b
    rates = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(50):
            a @ b
        rates.append(50 * 2 * 256 ** 3 / (time.perf_counter() - t) / 1e9)
    return {"cpu": name, "cores": os.cpu_count(), "matmul_gflops_256": round(sorted(rates)[2], 1)}


def training_record(name: str, args: argparse.Namespace, run: dict, preset: str = "cpu", note: str = "") -> dict:
    """The manifest's `training` block: how to rerun it (npm script), the script, preset, device, and `run`."""
    return {"command": f"npm run train:{name}" + (" -- --smoke" if args.smoke else "") + note,
            "script": f"training/{name}.py", "preset": "smoke" if args.smoke else preset,
            "device": device_label(args.device, args.threads), **run}
