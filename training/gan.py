"""DCGAN-style GAN on Fashion-MNIST (Radford et al. 2016): a batch-norm generator, a spectral-norm
discriminator (Miyato et al. 2018) trained with the hinge loss (Lim & Ye 2017), and an exponential moving
average of the generator's weights for sampling (Yazıcı et al. 2019).

Exports the (EMA) generator (z -> image in [0,1]) and the discriminator (image -> score in (0,1), the
probability it gives to "real") as ONNX, and writes the manifest entry with the run's FD curve.

    /usr/bin/python3 -m training.gan                 # CPU preset: 55 min of training on one thread
    /usr/bin/python3 -m training.gan --ablate        # the ablation ladder below (8 min a rung by default)
    /usr/bin/python3 -m training.gan --smoke --out /tmp/gan-smoke

Why this recipe (issue 18). The generator stays as it was, g_channels 64 (251k parameters, 0.63 ms a pass on
wasm in bench/results/2026-11-29.json): it is the article's "fast generation" example. Everything else was
chosen by measurement. Each rung of ABLATIONS trained for the same 480 s on one CPU thread (2 cores, the other
one busy with another training), scored on 10,000 EMA samples (FMNIST-FD, lower is better; the rarest class's
share of the samples):

    rung                    steps   FD     rarest class
    baseline (ns, D 32)     2,065   372.8  2.6 %    the recipe shipped before (its steps were cut by other
                                                    work on the machine: 0.23 s a step against 0.18)
    hinge                   2,641   322.0  2.0 %    hinge loss instead of the non-saturating one
    hinge, D 64             1,583   367.6  1.0 %    a discriminator twice as wide: 40 % fewer steps per
                                                    second, and worse at equal time
    hinge, TTUR             2,479   449.9  1.7 %    D 4e-4 / G 1e-4 (Heusel et al. 2017): slower to start

(docs/gan/ablation.json has every figure.) An 8-minute rung is an early look, so the ladder picks the cheap
changes that help early, and the budget does the rest: the preset trains the hinge rung for 55 minutes
(16,301 steps). Its FD of 2,000 samples fell 409 -> 286 -> 151 -> 107 -> 88 -> 72 -> 56 -> 49 -> 43 -> 40 -> 37
at 5, 10, ... 55 minutes (`training.curve` in the manifest) and was still falling. The shipped generator's
FMNIST-FD at 10,000 samples is 36.5 ± 0.9 over five draws (before: 128.9 ± 2.1 with the old recipe, 6,000
steps), every class at least 7.5 % of the samples. The biggest lever on a CPU was the training time itself:
the old recipe's FD at 6,000 steps (128.9) and this one's probe near that point (107 at 6,153 steps, 2,000
samples) are close; three times the steps brought it to 37.

One torch thread: with Debian's torch and OpenBLAS, 1 thread runs a step in 0.13 s on an idle machine, 2
threads in 0.35-0.40 s (cli.py).
"""
from __future__ import annotations

import copy
import math
import os
import time
from dataclasses import asdict, dataclass, replace

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

from . import image_study
from .data import load_fashion_mnist
from .export import check_parity, count_params, export_onnx
from .cli import base_parser, device_label, training_record
from .manifest import fashion_mnist_entry, write_model_entry
from .probes import Probes, no_probes
from .yardstick import Yardstick
from . import clock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class GANConfig:
    z_dim: int = 64            # latent size; the demo interpolates in this space
    g_channels: int = 64       # generator width at 7x7 (halves at each upsampling); sets the browser's cost
    d_channels: int = 32       # discriminator width at 14x14 (doubles at 7x7); 64 was worse at equal time
    loss: str = "hinge"        # "hinge" (Lim & Ye 2017) or "ns" (non-saturating, Goodfellow et al. 2014)
    steps: int = 60000         # generator updates (the time limit usually ends the CPU preset first)
    batch_size: int = 64
    lr_g: float = 2e-4         # Adam for the generator
    lr_d: float = 2e-4         # Adam for the discriminator
    betas: tuple = (0.5, 0.999)
    ema: float = 0.999         # decay of the generator's weight average used for sampling
    seed: int = 0
    train_subset: int = 0      # 0 = all 60k
    time_limit_s: float = 3300  # stop early so the CPU preset stays under an hour with export
    probe_every_s: float = 300  # FMNIST-FD of 2,000 EMA samples every so often, for the curve in the manifest


SMOKE = dict(steps=10, batch_size=32, train_subset=512, g_channels=16, d_channels=8, probe_every_s=0)
# The ablation ladder (see ABLATION_RESULTS in the docstring): each rung changes one thing from the one above,
# every rung trains for the same wall-clock budget on one CPU thread and is scored on 10,000 EMA samples.
ABLATIONS = {
    "baseline": dict(loss="ns", d_channels=32),             # the recipe shipped before issue 18
    "hinge": dict(loss="hinge", d_channels=32),
    "hinge_wide_d": dict(loss="hinge", d_channels=64),
    "hinge_ttur": dict(loss="hinge", d_channels=32, lr_d=4e-4, lr_g=1e-4),
}


class Generator(nn.Module):
    """z (B,Z) -> image (B,1,28,28) in [-1,1]."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        c = cfg.g_channels
        self.c = c
        self.fc = nn.Sequential(nn.Linear(cfg.z_dim, c * 49), nn.BatchNorm1d(c * 49), nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(c, c // 2, 4, 2, 1), nn.BatchNorm2d(c // 2), nn.ReLU(),        # (B,c/2,14,14)
            nn.ConvTranspose2d(c // 2, c // 4, 4, 2, 1), nn.BatchNorm2d(c // 4), nn.ReLU(),   # (B,c/4,28,28)
            nn.Conv2d(c // 4, 1, 3, 1, 1), nn.Tanh(),                                         # (B,1,28,28)
        )

    def forward(self, z):
        return self.net(self.fc(z).view(-1, self.c, 7, 7))


class Discriminator(nn.Module):
    """image (B,1,28,28) in [-1,1] -> logit (B,1) of 'real'."""

    def __init__(self, cfg: GANConfig):
        super().__init__()
        c = cfg.d_channels
        self.net = nn.Sequential(
            spectral_norm(nn.Conv2d(1, c, 4, 2, 1)), nn.LeakyReLU(0.2),          # (B,c,14,14)
            spectral_norm(nn.Conv2d(c, 2 * c, 4, 2, 1)), nn.LeakyReLU(0.2),      # (B,2c,7,7)
            spectral_norm(nn.Conv2d(2 * c, 2 * c, 3, 1, 1)), nn.LeakyReLU(0.2),  # (B,2c,7,7)
            nn.Flatten(), spectral_norm(nn.Linear(2 * c * 49, 1)),
        )

    def forward(self, x):
        return self.net(x)


class GeneratorImage(nn.Module):
    """What the browser runs: z -> intensities in [0,1]. (tanh(x) + 1) / 2 of the last conv's x is the same
    function as sigmoid(2x), so this copy of the generator doubles the last conv's weights and bias (exact: a
    power of two) and ends in a sigmoid: one fused conv+sigmoid in our engine instead of conv+tanh, add and
    divide, and no NaN where WebGPU's tanh overflows for large x (onnxruntime's webgpu backend on SwiftShader
    drew a NaN image from this generator's tanh form). The file thus stores the last conv doubled."""

    def __init__(self, g: Generator):
        super().__init__()
        self.g = copy.deepcopy(g)
        with torch.no_grad():
            self.g.net[-2].weight.mul_(2)
            self.g.net[-2].bias.mul_(2)
        self.g.net[-1] = nn.Sigmoid()

    def forward(self, z):
        return self.g(z)


class DiscriminatorScore(nn.Module):
    """What the browser runs: image in [0,1] -> the discriminator's probability that it is real."""

    def __init__(self, d: Discriminator):
        super().__init__()
        self.d = d

    def forward(self, image):
        return torch.sigmoid(self.d(image * 2 - 1))


def d_loss(cfg: GANConfig, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    if cfg.loss == "hinge":  # E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]
        return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
    # softplus(-D(real)) + softplus(D(fake)) = -log sigmoid(D(x)) - log(1 - sigmoid(D(G(z))))
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def g_loss(cfg: GANConfig, fake_logits: torch.Tensor) -> torch.Tensor:
    # hinge: -E[D(G(z))]; non-saturating: -log sigmoid(D(G(z)))
    return -fake_logits.mean() if cfg.loss == "hinge" else F.softplus(-fake_logits).mean()


def to_images(g: nn.Module, z: torch.Tensor, chunk: int) -> torch.Tensor:
    """The generator's images of latents z, chunk at a time, in [0, 1] (B, 1, 28, 28)."""
    return torch.cat([(g(z[i:i + chunk]) + 1) / 2 for i in range(0, len(z), chunk)])


@torch.no_grad()
def samples(g: nn.Module, n: int, z_dim: int, seed: int = 0) -> np.ndarray:
    """n images of generator `g` from latents drawn with `seed`, as the yardstick takes them: float [n, 28, 28]."""
    z = torch.randn(n, z_dim, generator=torch.Generator().manual_seed(seed))
    return to_images(g, z, 1000).squeeze(1).numpy()


def yardstick_probes(cfg: GANConfig, yardstick: Yardstick) -> Probes:
    """The preset's curve: FMNIST-FD of 2,000 EMA samples every probe_every_s seconds of training."""
    def probe(g_ema: nn.Module, step: int) -> dict:
        s = yardstick.score(samples(copy.deepcopy(g_ema).cpu(), 2000, cfg.z_dim))
        return {"fmnist_fd_2000": s["fmnist_fd"], "min_class_share": s["min_class_share"]}
    return Probes.every(cfg.probe_every_s, cfg.time_limit_s, probe)


def train(cfg: GANConfig, data_dir: str, device: str = "cpu", log=print, probes: Probes | None = None,
          data: np.ndarray | None = None) -> tuple[Generator, Discriminator, dict]:
    """Trains on the Fashion-MNIST training images (or `data`, uint8 [N, 28, 28]); `probes` measure the EMA
    generator at moments of the training time (their curve is the run's `curve`)."""
    torch.manual_seed(cfg.seed)
    probes = probes or no_probes()
    train_x = data if data is not None else load_fashion_mnist("train", data_dir)[0]
    if cfg.train_subset:
        train_x = train_x[:cfg.train_subset]
    x = (torch.from_numpy(train_x.astype(np.float32) / 127.5 - 1)).unsqueeze(1).to(device)
    g, d = Generator(cfg).to(device), Discriminator(cfg).to(device)
    g_ema = copy.deepcopy(g).eval()
    opt_g = torch.optim.Adam(g.parameters(), lr=cfg.lr_g, betas=cfg.betas)
    opt_d = torch.optim.Adam(d.parameters(), lr=cfg.lr_d, betas=cfg.betas)
    t0, step = clock.now(), 0
    while step < cfg.steps and clock.now() - t0 < cfg.time_limit_s:
        real = x[torch.randint(0, len(x), (cfg.batch_size,), device=device)]
        fake = g(torch.randn(cfg.batch_size, cfg.z_dim, device=device))
        loss_d = d_loss(cfg, d(real), d(fake.detach()))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = g_loss(cfg, d(fake))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        with torch.no_grad():
            decay = min(cfg.ema, (1 + step) / (10 + step))  # warm-up: early averages follow the generator
            for pe, p in zip(g_ema.parameters(), g.parameters()):
                pe.lerp_(p, 1 - decay)
            for be, b in zip(g_ema.buffers(), g.buffers()):
                be.copy_(b)
        step += 1
        if step % 500 == 0 or step == cfg.steps:
            log(f"step {step}/{cfg.steps} loss_d {loss_d.item():.3f} loss_g {loss_g.item():.3f} ({clock.now() - t0:.0f} s)")
        probed = len(probes.curve)
        t0 = probes.tick(step, t0, g_ema)  # probes do not count against the training budget
        if len(probes.curve) > probed:
            log(f"  probe: {probes.curve[-1]}")
    if probes.curve or probes.times:
        t0 = probes.finish(step, t0, g_ema)
    return g_ema.cpu().eval(), d.cpu().eval(), {"steps": step, "wall_time_s": round(clock.now() - t0, 1),
                                                 "stopped_by_time_limit": step < cfg.steps, "curve": probes.curve}


def ablate(args, names: list[str], out_path: str) -> list[dict]:
    """Trains each rung of ABLATIONS for the same budget and appends its scores to `out_path` (JSON); rungs
    already in the file are skipped, so the ladder can be run across sittings."""
    import json
    rows = json.load(open(out_path)) if os.path.exists(out_path) else []
    yardstick = Yardstick(args.out, args.data)
    for name in names:
        if any(r["name"] == name for r in rows):
            continue
        cfg = GANConfig(**ABLATIONS[name], time_limit_s=args.time_limit or 600, probe_every_s=0)
        g, _, run = train(cfg, args.data, args.device)
        rows.append({"name": name, "changes": ABLATIONS[name], "steps": run["steps"], "budget_s": cfg.time_limit_s,
                     "device": device_label(args.device, args.threads), **yardstick.score(samples(g, 10000, cfg.z_dim))})
        print(rows[-1], flush=True)
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "w") as f:
            json.dump(rows, f, indent=1)
    return rows


def write_extras(out_dir: str, data_dir: str, count: int = 16) -> str:
    """Real test images (uint8, base64) for the demo's 'score real images' contrast, two of each class."""
    import base64
    import json
    test_x, test_y = load_fashion_mnist("t10k", data_dir)
    idx = [int(i) for c in range(10) for i in np.where(test_y == c)[0][:2]][:count]
    path = os.path.join(out_dir, "extras.json")
    with open(path, "w") as f:
        json.dump({"real_test_images": [{"index": i, "label": int(test_y[i]),
                                         "pixels_base64": base64.b64encode(test_x[i].tobytes()).decode()} for i in idx]},
                  f, separators=(",", ":"))
    return path


def main(argv=None) -> dict:
    p = base_parser(__doc__, "gan/*.onnx, gan/extras.json")
    p.add_argument("--steps", type=int, help="override the preset's generator updates")
    p.add_argument("--time-limit", type=float, help="override the preset's training time limit (s)")
    p.add_argument("--extras-only", action="store_true", help="only (re)write gan/extras.json (real test images)")
    p.add_argument("--reexport", action="store_true",
                   help="no training: export the shipped networks again (after a change of the exported graph)")
    p.add_argument("--ablate", nargs="*", metavar="RUNG", choices=sorted(ABLATIONS),
                   help="train the ablation ladder (all rungs, or these) for --time-limit s each (default 600) "
                        "and append the scores to docs/gan/ablation.json; exports nothing")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.extras_only:
        import json
        out_dir = os.path.join(args.out, "gan")
        extras = write_extras(out_dir, args.data)
        with open(os.path.join(args.out, "manifest.json")) as f:
            entry = json.load(f)["models"]["gan"]
        entry["roles"]["extras"] = "gan/extras.json"
        files = [os.path.join(args.out, p) for p in entry["roles"].values()]
        write_model_entry("gan", {k: v for k, v in entry.items() if k != "files"}, files, models_dir=args.out)
        return {"extras": extras}
    if args.reexport:
        return reexport(args)
    if args.ablate is not None:
        return {"ablation": ablate(args, args.ablate or list(ABLATIONS), os.path.join(ROOT, "docs", "gan", "ablation.json"))}
    cfg = GANConfig(**SMOKE) if args.smoke else GANConfig()
    if args.steps:
        cfg.steps = args.steps
    if args.time_limit:
        cfg.time_limit_s = args.time_limit
    has_yardstick = os.path.exists(os.path.join(args.out, "yardstick", "classifier.onnx"))
    probes = yardstick_probes(cfg, Yardstick(args.out, args.data)) if has_yardstick and cfg.probe_every_s else None
    g, d, run = train(cfg, args.data, args.device, probes=probes)

    return export(args, cfg, GeneratorImage(g).eval(), DiscriminatorScore(d).eval(), training_record("gan", args, run))


def export(args, cfg: GANConfig, gi: GeneratorImage, ds: DiscriminatorScore, training: dict,
           metrics: dict | None = None) -> dict:
    """Exports both networks, checks parity in onnxruntime-web and writes the manifest entry."""
    g, d = gi.g, ds.d
    out_dir = os.path.join(args.out, "gan")
    os.makedirs(out_dir, exist_ok=True)
    g_path, d_path = os.path.join(out_dir, "generator.onnx"), os.path.join(out_dir, "discriminator.onnx")
    z = torch.randn(4, cfg.z_dim, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        imgs = gi(z)
    export_onnx(gi, {"z": z}, ["image"], g_path)
    export_onnx(ds, {"image": imgs}, ["score"], d_path)
    parity = {"generator": check_parity(gi, g_path, {"z": z}, ["image"]),
              "discriminator": check_parity(ds, d_path, {"image": imgs}, ["score"])}
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity}")
    extras_path = write_extras(out_dir, args.data)
    entry = fashion_mnist_entry(
        "gan", "DCGAN-style GAN, hinge loss, spectral-norm discriminator",
        {"generator": count_params(g), "discriminator": count_params(d), "total": count_params(g) + count_params(d)},
        asdict(cfg), training, metrics or {}, parity,
        {"generator": "gan/generator.onnx", "discriminator": "gan/discriminator.onnx", "extras": "gan/extras.json"})
    write_model_entry("gan", entry, [g_path, d_path, extras_path], models_dir=args.out)
    print(f"wrote {out_dir}")
    return entry


def reexport(args) -> dict:
    """No training: reads the shipped networks back (their initializers keep torch's names) and exports them
    again, for a change of the exported graph; config, training record and metrics stay."""
    import json
    from .float16 import float32_initializers
    with open(os.path.join(args.out, "manifest.json")) as f:
        entry = json.load(f)["models"]["gan"]
    cfg = GANConfig(**{**entry["config"], "betas": tuple(entry["config"]["betas"])})
    gi, ds = GeneratorImage(Generator(cfg)), DiscriminatorScore(Discriminator(cfg))
    for wrapper, file in ((gi, "generator.onnx"), (ds, "discriminator.onnx")):  # as stored: last conv doubled
        state = float32_initializers(os.path.join(args.out, "gan", file))
        wrapper.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    return export(args, cfg, gi.eval(), ds.eval(), entry["training"], entry["metrics"])


# ---- the training study (training/study.py) --------------------------------------------------------------

def study_config(run, p) -> GANConfig:
    base = GANConfig(**SMOKE) if p.smoke else GANConfig()
    return replace(base, steps=10 ** 9, train_subset=0, seed=run.seed, time_limit_s=run.budget_s, probe_every_s=0)


def study_sample(model: Generator, cfg: GANConfig, p, n: int, g: torch.Generator) -> torch.Tensor:
    return to_images(model, torch.randn(n, cfg.z_dim, generator=g), image_study.CHUNK)


def study_train(cfg: GANConfig, x: np.ndarray, y: np.ndarray, args, probes: Probes, log) -> tuple[Generator, dict]:
    g, _, record = train(cfg, args.data, args.device, log=log, probes=probes, data=x)
    return g, record


STUDY = image_study.study_model("gan", study_config, study_sample, study_train,
                                experiments=image_study.EXPERIMENTS + ("stability",))


if __name__ == "__main__":
    main()
