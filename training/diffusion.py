"""Class-conditional denoising diffusion (DDPM, Ho et al. 2020) on Fashion-MNIST.

The network predicts the noise ε in x_t = sqrt(ᾱ_t)·x_0 + sqrt(1-ᾱ_t)·ε (ε-prediction), under a cosine
noise schedule with T = 1000 training steps (Nichol & Dhariwal 2021, eq. 17). It is a small U-Net: residual
blocks with group norm, a sinusoidal timestep embedding plus a learned class embedding added in every block,
and self-attention at the lowest resolution (7x7). Labels are replaced by the "no class" label 10 in
`label_dropout` of the training steps, so one network gives both the conditional and the unconditional
prediction needed for classifier-free guidance (Ho & Salimans 2022):

    ε̂ = ε(x_t, t, ∅) + w · (ε(x_t, t, c) - ε(x_t, t, ∅))

Only the U-Net is exported to ONNX (inputs x [B,1,28,28] in the [-1,1] pixel scale, t [B] float timesteps,
label [B] int64 with 10 = no class; output eps). The sampling loop lives in TypeScript
(src/models/diffusion/sampler.ts); this file holds the reference samplers (`sample`) it is tested against,
and `--fixture` writes the reference values the unit tests read. The schedule ships in diffusion/schedule.json.

    /usr/bin/python3 -m training.diffusion                 # CPU preset, stops by time_limit_s
    /usr/bin/python3 -m training.diffusion --device cuda --preset full
    /usr/bin/python3 -m training.diffusion --smoke --out /tmp/diffusion-smoke
    /usr/bin/python3 -m training.diffusion --fixture       # only rewrite the sampler reference fixture
"""
from __future__ import annotations

import copy
import json
import math
import os
import time
from dataclasses import asdict, dataclass, replace

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import image_study
from .data import load_fashion_mnist
from .export import check_parity, count_params, export_onnx
from .float16 import float32_initializers
from .cli import add_preset_args, base_parser, preset_config, training_record
from .manifest import fashion_mnist_entry, update_metrics, write_model_entry
from .probes import Probes, no_probes
from . import clock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "src", "models", "diffusion", "sampler.fixture.json")
NULL_LABEL = 10


@dataclass
class DiffusionConfig:
    channels: int = 32          # width at 28x28; 2x at 14x14 and 7x7
    emb_dim: int = 128          # timestep + class embedding size
    groups: int = 8             # group norm groups
    attention: bool = True      # self-attention at 7x7
    timesteps: int = 1000       # T
    cosine_s: float = 0.008     # offset of the cosine schedule
    label_dropout: float = 0.1  # share of steps trained without the label (for guidance)
    steps: int = 12000
    batch_size: int = 64
    lr: float = 2e-4
    warmup: int = 200           # linear learning-rate warm-up steps
    ema: float = 0.999
    seed: int = 0
    train_subset: int = 0
    time_limit_s: float = 4500  # the CPU preset stops after 75 minutes of training


SMOKE = dict(steps=4, batch_size=16, train_subset=256, channels=8, emb_dim=16, groups=4, warmup=2)
PRESETS = {"cpu": {}, "full": dict(channels=64, steps=40000, batch_size=128, time_limit_s=6 * 3600)}


# ---- schedule ---------------------------------------------------------------------------------------------

def cosine_alpha_bar(timesteps: int, s: float = 0.008) -> np.ndarray:
    """ᾱ_t for t = 0..T-1 (ᾱ at the end of step t+1 in the paper's 1-based count), float64.

    ᾱ(t) = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s)·π/2); β_t = 1 - ᾱ_t/ᾱ_{t-1} clipped to ≤ 0.999.
    """
    f = lambda t: np.cos((t / timesteps + s) / (1 + s) * math.pi / 2) ** 2  # noqa: E731
    steps = np.arange(timesteps + 1, dtype=np.float64)
    ab = f(steps) / f(0)
    betas = np.clip(1 - ab[1:] / ab[:-1], 0, 0.999)
    return np.cumprod(1 - betas)


def timestep_sequence(timesteps: int, steps: int) -> list[int]:
    """Descending timesteps a sampler visits: `steps` evenly spaced values from T-1 down to 0."""
    if steps >= timesteps:
        return list(range(timesteps - 1, -1, -1))
    if steps < 2:
        raise ValueError("a sampler needs at least 2 steps")
    # t_i = round((T-1)·(n-1-i)/(n-1)), halves rounded up, in integers so TypeScript gets the same values
    n = steps - 1
    return [((timesteps - 1) * (n - i) * 2 + n) // (2 * n) for i in range(steps)]


# ---- network ----------------------------------------------------------------------------------------------

def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal embedding of (float) timesteps, as in the Transformer's positions: (B,) -> (B, dim)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin: int, cout: int, emb_dim: int, groups: int):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(groups, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.emb = nn.Linear(emb_dim, cout)
        self.norm2, self.conv2 = nn.GroupNorm(groups, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, emb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.emb(emb)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class SelfAttention(nn.Module):
    """Single-head self-attention over the H·W positions, with a residual connection."""

    def __init__(self, c: int, groups: int):
        super().__init__()
        self.norm, self.qkv, self.out = nn.GroupNorm(groups, c), nn.Conv2d(c, 3 * c, 1), nn.Conv2d(c, c, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, h * w).unbind(1)
        attn = torch.softmax(q.transpose(1, 2) @ k / math.sqrt(c), dim=-1)  # (B, HW, HW)
        return x + self.out((v @ attn.transpose(1, 2)).reshape(b, c, h, w))


class UNet(nn.Module):
    """(x_t (B,1,28,28), t (B,) float, label (B,) int64, 10 = none) -> predicted noise (B,1,28,28)."""

    def __init__(self, cfg: DiffusionConfig):
        super().__init__()
        c, e, g = cfg.channels, cfg.emb_dim, cfg.groups
        self.emb_dim = e
        self.time_mlp = nn.Sequential(nn.Linear(e, e), nn.SiLU(), nn.Linear(e, e))
        self.label_emb = nn.Embedding(NULL_LABEL + 1, e)
        self.conv_in = nn.Conv2d(1, c, 3, padding=1)
        self.down1 = ResBlock(c, c, e, g)                      # 28x28
        self.pool1 = nn.Conv2d(c, c, 3, stride=2, padding=1)   # -> 14x14
        self.down2 = ResBlock(c, 2 * c, e, g)
        self.pool2 = nn.Conv2d(2 * c, 2 * c, 3, stride=2, padding=1)  # -> 7x7
        self.down3 = ResBlock(2 * c, 2 * c, e, g)
        self.mid1 = ResBlock(2 * c, 2 * c, e, g)
        self.attn = SelfAttention(2 * c, g) if cfg.attention else nn.Identity()
        self.mid2 = ResBlock(2 * c, 2 * c, e, g)
        self.up3 = ResBlock(4 * c, 2 * c, e, g)                # 7x7, with the down3 skip
        self.up2 = ResBlock(4 * c, 2 * c, e, g)                # 14x14, with the down2 skip
        self.up1 = ResBlock(3 * c, c, e, g)                    # 28x28, with the down1 skip
        self.norm_out, self.conv_out = nn.GroupNorm(g, c), nn.Conv2d(c, 1, 3, padding=1)

    def forward(self, x, t, label):
        emb = F.silu(self.time_mlp(timestep_embedding(t, self.emb_dim)) + self.label_emb(label))
        h1 = self.down1(self.conv_in(x), emb)
        h2 = self.down2(self.pool1(h1), emb)
        h3 = self.down3(self.pool2(h2), emb)
        h = self.mid2(self.attn(self.mid1(h3, emb)), emb)
        h = self.up3(torch.cat([h, h3], 1), emb)
        h = self.up2(torch.cat([F.interpolate(h, scale_factor=2.0, mode="nearest"), h2], 1), emb)
        h = self.up1(torch.cat([F.interpolate(h, scale_factor=2.0, mode="nearest"), h1], 1), emb)
        return self.conv_out(F.silu(self.norm_out(h)))


def load_from_onnx(cfg: DiffusionConfig, path: str) -> UNet:
    """Rebuilds the U-Net from its ONNX file (group norm is not folded, so initializers keep torch's names)."""
    state = {k: torch.from_numpy(v) for k, v in float32_initializers(path).items()}
    model = UNet(cfg)
    wanted = model.state_dict()
    model.load_state_dict({k: state[k] for k in wanted}, strict=True)
    return model.eval()


# ---- samplers (the reference for src/models/diffusion/sampler.ts) -------------------------------------------

def guided_eps(model, x, t: int, labels: torch.Tensor, guidance: float) -> torch.Tensor:
    """Classifier-free guidance with one batched call: rows [conditional..., unconditional...]."""
    b = x.shape[0]
    eps = model(torch.cat([x, x]), torch.full((2 * b,), float(t)),
                torch.cat([labels.long(), torch.full((b,), NULL_LABEL, dtype=torch.int64)]))
    cond, uncond = eps[:b], eps[b:]
    return uncond + guidance * (cond - uncond)


def sampler_step(x, eps, ab_t: float, ab_prev: float, eta: float, noise):
    """One step from t to the previous visited timestep; returns (x_prev, predicted x_0).

    DDIM (Song et al. 2021, eq. 12) with σ = η·sqrt((1-ᾱ_prev)/(1-ᾱ_t))·sqrt(1-ᾱ_t/ᾱ_prev); η = 0 is DDIM,
    η = 1 is DDPM's ancestral step (its posterior q(x_prev | x_t, x_0) on any subsequence of timesteps).
    Predicted x_0 is clipped to the data range [-1, 1] and ε re-derived from it, so both stay consistent.
    """
    x0 = ((x - math.sqrt(1 - ab_t) * eps) / math.sqrt(ab_t)).clamp(-1, 1)
    eps = (x - math.sqrt(ab_t) * x0) / math.sqrt(1 - ab_t)
    sigma = eta * math.sqrt((1 - ab_prev) / (1 - ab_t)) * math.sqrt(1 - ab_t / ab_prev)
    x_prev = math.sqrt(ab_prev) * x0 + math.sqrt(max(1 - ab_prev - sigma ** 2, 0.0)) * eps
    if sigma > 0:
        x_prev = x_prev + sigma * noise
    return x_prev, x0


@torch.no_grad()
def sample(eps_fn, x_T, alpha_bar: np.ndarray, steps: int, sampler: str, noises=None):
    """Runs a sampler from x_T; eps_fn(x, t) -> ε̂. Returns the list of (t, x_t, x0_pred) and the final x_0.

    `noises[i]` is the fresh noise for step i (DDPM only). After the last visited timestep the sampler goes
    to ᾱ_prev = 1, i.e. the clean image.
    """
    eta = {"ddim": 0.0, "ddpm": 1.0}[sampler]
    ts = timestep_sequence(len(alpha_bar), steps)
    x, trajectory = x_T, []
    for i, t in enumerate(ts):
        ab_prev = alpha_bar[ts[i + 1]] if i + 1 < len(ts) else 1.0
        eps = eps_fn(x, t)
        x_next, x0 = sampler_step(x, eps, float(alpha_bar[t]), float(ab_prev), eta,
                                  None if noises is None else noises[i])
        trajectory.append((t, x, x0))
        x = x_next
    return trajectory, x


# ---- training ---------------------------------------------------------------------------------------------

def train(cfg: DiffusionConfig, data_dir: str, device: str = "cpu", log=print, init: UNet | None = None,
          probes: Probes | None = None, data: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[UNet, dict]:
    """Trains from scratch, or from `init` (weights and EMA start there; the optimizer starts fresh), on the
    Fashion-MNIST training images or `data` (uint8 images [N, 28, 28], labels [N]); `probes` measure the EMA
    model at moments of the training time (the run's `curve`)."""
    torch.manual_seed(cfg.seed)
    probes = probes or no_probes()
    train_x, train_y = data if data is not None else load_fashion_mnist("train", data_dir)
    if cfg.train_subset:
        train_x, train_y = train_x[:cfg.train_subset], train_y[:cfg.train_subset]
    x_all = torch.from_numpy(train_x.astype(np.float32) / 127.5 - 1).unsqueeze(1).to(device)
    y_all = torch.from_numpy(train_y.astype(np.int64)).to(device)
    ab = torch.from_numpy(cosine_alpha_bar(cfg.timesteps, cfg.cosine_s)).float().to(device)
    model = (copy.deepcopy(init) if init is not None else UNet(cfg)).to(device).train()
    ema = copy.deepcopy(model).eval()
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    t0, step, running = clock.now(), 0, 0.0
    while step < cfg.steps and clock.now() - t0 < cfg.time_limit_s:
        idx = torch.randint(0, len(x_all), (cfg.batch_size,), device=device)
        x0, y = x_all[idx], y_all[idx].clone()
        y[torch.rand(cfg.batch_size, device=device) < cfg.label_dropout] = NULL_LABEL
        t = torch.randint(0, cfg.timesteps, (cfg.batch_size,), device=device)
        noise = torch.randn_like(x0)
        a = ab[t][:, None, None, None]
        loss = F.mse_loss(model(a.sqrt() * x0 + (1 - a).sqrt() * noise, t.float(), y), noise)
        for group in opt.param_groups:
            group["lr"] = cfg.lr * min(1.0, (step + 1) / cfg.warmup)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            decay = cfg.ema if init is not None else min(cfg.ema, (1 + step) / (10 + step))
            for pe, p in zip(ema.parameters(), model.parameters()):
                pe.lerp_(p, 1 - decay)
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        step += 1
        if step % 200 == 0 or step == cfg.steps:
            log(f"step {step}/{cfg.steps} loss {running:.4f} ({clock.now() - t0:.0f} s)")
        t0 = probes.tick(step, t0, ema)
    if probes.curve or probes.times:
        t0 = probes.finish(step, t0, ema)
    return ema.cpu().eval(), {"steps": step, "wall_time_s": round(clock.now() - t0, 1),
                              "stopped_by_time_limit": step < cfg.steps, "final_loss_ema": round(running, 5),
                              **({"curve": probes.curve} if probes.curve else {})}


@torch.no_grad()
def held_out_loss(model: UNet, cfg: DiffusionConfig, data_dir: str, n: int = 2000) -> float:
    """Mean ε-MSE on the first n test images at fixed random timesteps and noise (conditional)."""
    test_x, test_y = load_fashion_mnist("t10k", data_dir)
    g = torch.Generator().manual_seed(1)
    x0 = torch.from_numpy(test_x[:n].astype(np.float32) / 127.5 - 1).unsqueeze(1)
    y = torch.from_numpy(test_y[:n].astype(np.int64))
    t = torch.randint(0, cfg.timesteps, (n,), generator=g)
    noise = torch.randn(x0.shape, generator=g)
    a = torch.from_numpy(cosine_alpha_bar(cfg.timesteps, cfg.cosine_s)).float()[t][:, None, None, None]
    pred = torch.cat([model(xi, ti.float(), yi) for xi, ti, yi in
                      zip((a.sqrt() * x0 + (1 - a).sqrt() * noise).split(500), t.split(500), y.split(500))])
    return float(F.mse_loss(pred, noise))


def evaluate_shipped(args) -> dict:
    """The held-out eps MSE of the shipped unet.onnx (as stored: float16 weights widened), into the manifest."""
    with open(os.path.join(args.out, "manifest.json")) as f:
        cfg = DiffusionConfig(**json.load(f)["models"]["diffusion"]["config"])
    model = load_from_onnx(cfg, os.path.join(args.out, "diffusion", "unet.onnx"))
    with torch.no_grad():
        test_mse = held_out_loss(model, cfg, args.data)
    print(f"held-out eps MSE {test_mse:.5f}")
    return update_metrics("diffusion", {"heldout_eps_mse": round(test_mse, 5)}, models_dir=args.out)


# ---- sampler fixture for the TypeScript tests --------------------------------------------------------------

def mulberry_normals(n: int, seed: int) -> np.ndarray:
    """The same numbers as seededNormals(n, seed) in src/core/seeded-random.ts (mulberry32 + Box-Muller)."""
    a, out = seed & 0xFFFFFFFF, np.empty(n, dtype=np.float32)
    M = 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & M

    def uniform():
        nonlocal a
        a = (a + 0x6D2B79F5) & M
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296
    for i in range(n):
        u = max(uniform(), 1e-12)
        out[i] = np.float32(math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * uniform()))
    return out


def toy_eps(x: torch.Tensor, t: int) -> torch.Tensor:
    """A fixed, smooth stand-in for the network in the sampler fixture (the samplers are what is tested)."""
    return 0.6 * x + 0.3 * torch.sin(x * 3 + t / 100.0)


def write_fixture(path: str = FIXTURE) -> str:
    ab = cosine_alpha_bar(1000)
    size, seed = 16, 42
    cases = []
    for sampler, steps in (("ddim", 10), ("ddim", 50), ("ddpm", 10), ("ddpm", 25)):
        # Noise layout shared with the TypeScript sampler: x_T first, then one image of noise per step.
        normals = torch.from_numpy(mulberry_normals(size * (steps + 1), seed)).double()
        x_T, noises = normals[:size], normals[size:].reshape(steps, size)
        traj, final = sample(toy_eps, x_T, ab, steps, sampler, noises)
        cases.append({"sampler": sampler, "steps": steps, "seed": seed, "size": size,
                      "timesteps": [t for t, _, _ in traj],
                      "x_T": x_T.tolist(), "x0_first": traj[0][2].tolist(),
                      "x_mid": traj[len(traj) // 2][1].tolist(), "final": final.tolist()})
    fixture = {"about": "written by `python3 -m training.diffusion --fixture`; eps = 0.6 x + 0.3 sin(3x + t/100)",
               "alpha_bar": {str(t): float(ab[t]) for t in (0, 1, 10, 100, 250, 500, 750, 900, 990, 999)},
               "cases": cases}
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    return path


def write_schedule(path: str, cfg: DiffusionConfig) -> None:
    """The schedule the browser's sampler reads (ᾱ_t for t = 0..T-1, 9 significant digits)."""
    ab = cosine_alpha_bar(cfg.timesteps, cfg.cosine_s)
    with open(path, "w") as f:
        json.dump({"kind": "cosine", "s": cfg.cosine_s, "timesteps": cfg.timesteps, "null_label": NULL_LABEL,
                   "pixel_scale": "[-1, 1]", "alpha_bar": [float(f"{v:.9g}") for v in ab]}, f, separators=(",", ":"))


# ---- export -----------------------------------------------------------------------------------------------

def main(argv=None) -> dict:
    p = base_parser(__doc__, "diffusion/unet.onnx, diffusion/schedule.json")
    add_preset_args(p, PRESETS, "cpu (here, ~75 min) or full (GPU)")
    p.add_argument("--fixture", action="store_true", help="only rewrite the sampler reference fixture")
    p.add_argument("--evaluate-only", action="store_true",
                   help="no training: measure the shipped unet.onnx's held-out eps MSE again and update its manifest "
                        "metrics (FD and class accuracy come from training/evaluate.py)")
    p.add_argument("--continue", dest="resume", action="store_true",
                   help="continue from the shipped diffusion/unet.onnx (its config and step count from the manifest)")
    args = p.parse_args(argv)
    if args.fixture:
        print(f"wrote {write_fixture()}")
        return {}
    torch.set_num_threads(args.threads)
    if args.evaluate_only:
        return evaluate_shipped(args)
    cfg = preset_config(DiffusionConfig, args, SMOKE, PRESETS)
    init, before = None, None
    if args.resume:
        with open(os.path.join(args.out, "manifest.json")) as f:
            before = json.load(f)["models"]["diffusion"]
        cfg = DiffusionConfig(**{**before["config"], **({"steps": args.steps} if args.steps else {}),
                                 **({"time_limit_s": args.time_limit} if args.time_limit else {})})
        init = load_from_onnx(cfg, os.path.join(args.out, "diffusion", "unet.onnx"))
    model, run = train(cfg, args.data, args.device, log=lambda m: print(m, flush=True), init=init)
    if before is not None:  # the manifest records the whole training, both parts
        prev = before["training"]
        run = {"steps": prev["steps"] + run["steps"], "wall_time_s": round(prev["wall_time_s"] + run["wall_time_s"], 1),
               "stopped_by_time_limit": run["stopped_by_time_limit"], "final_loss_ema": run["final_loss_ema"],
               "parts": [{k: prev[k] for k in ("steps", "wall_time_s")}, {k: run[k] for k in ("steps", "wall_time_s")}]}
    test_mse = held_out_loss(model, cfg, args.data, 200 if args.smoke else 2000)
    print(f"held-out eps MSE {test_mse:.4f}")

    out_dir = os.path.join(args.out, "diffusion")
    os.makedirs(out_dir, exist_ok=True)
    unet_path, schedule_path = os.path.join(out_dir, "unet.onnx"), os.path.join(out_dir, "schedule.json")
    g = torch.Generator().manual_seed(3)
    example = {"x": torch.randn(4, 1, 28, 28, generator=g), "t": torch.tensor([999.0, 500.0, 20.0, 0.0]),
               "label": torch.tensor([0, 7, 9, NULL_LABEL], dtype=torch.int64)}
    export_onnx(model, example, ["eps"], unet_path, constant_folding=False)
    parity = check_parity(model, unet_path, example, ["eps"])
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity:.2e}")
    write_schedule(schedule_path, cfg)
    entry = fashion_mnist_entry(
        "diffusion", "Class-conditional DDPM, small U-Net, classifier-free guidance",
        {"unet": count_params(model), "total": count_params(model)}, asdict(cfg),
        training_record("diffusion", args, run, preset=args.preset,
                        note=", then again with -- --continue" if args.resume else ""),
        {"heldout_eps_mse": round(test_mse, 5)}, parity,
        {"unet": "diffusion/unet.onnx", "schedule": "diffusion/schedule.json"})
    write_model_entry("diffusion", entry, [unet_path, schedule_path], models_dir=args.out)
    print(f"wrote {out_dir}")
    return entry


# ---- the training study (training/study.py) --------------------------------------------------------------

def study_config(run, p) -> DiffusionConfig:
    """Unconditional (label_dropout 1), so that all three image models learn the same thing."""
    base = DiffusionConfig(**SMOKE) if p.smoke else DiffusionConfig()
    return replace(base, steps=10 ** 9, train_subset=0, seed=run.seed, time_limit_s=run.budget_s, label_dropout=1.0)


def study_sample(model: UNet, cfg: DiffusionConfig, p, n: int, g: torch.Generator) -> torch.Tensor:
    """DDIM with the protocol's steps, unconditional."""
    alpha_bar = cosine_alpha_bar(cfg.timesteps, cfg.cosine_s)
    x_T = torch.randn(n, 1, 28, 28, generator=g)
    out = []
    for i in range(0, n, image_study.CHUNK):
        chunk = x_T[i:i + image_study.CHUNK]
        b = len(chunk)
        eps = lambda x, t: model(x, torch.full((b,), float(t)), torch.full((b,), NULL_LABEL))  # noqa: E731
        out.append(((sample(eps, chunk, alpha_bar, p.diffusion_steps, "ddim")[1] + 1) / 2).clamp(0, 1))
    return torch.cat(out)


def study_train(cfg: DiffusionConfig, x: np.ndarray, y: np.ndarray, args, probes: Probes, log) -> tuple[UNet, dict]:
    return train(cfg, args.data, args.device, log=log, probes=probes, data=(x, y))


STUDY = image_study.study_model(
    "diffusion", study_config, study_sample, study_train,
    sampling=lambda p: {"ddim_steps": p.diffusion_steps, "conditioning": "none (unconditional)"},
    experiments=image_study.EXPERIMENTS + ("stability",))


if __name__ == "__main__":
    main()
