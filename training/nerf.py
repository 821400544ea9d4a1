"""A radiance field of the Blender scene (training/nerf_scene.py), small and fast enough to render live in a browser.

Why this design: the classic NeRF (Mildenhall et al. 2020) asks an 8-layer, 256-wide MLP for every sample —
about a million multiply-adds per point, hundreds of points per ray: seconds per frame in a browser and days
of training on two CPU cores. Grid methods (DVGO, Sun et al. 2022; Plenoxels; Instant-NGP) move most of the
work into memory: here

* density is one value per vertex of a dense grid (129 × 129 × 97 over the scene's box), read by trilinear
  interpolation and turned into density by softplus *after* interpolation (sharp surfaces from a coarse grid);
* colour comes from an 8-channel feature grid at half that resolution, read the same way, and a tiny MLP
  (features + a degree-2 polynomial of the view direction → 32 → 32 → RGB) that gives glossy surfaces their
  view-dependent highlights — ~1,900 multiply-adds, and only for samples that are visible;
* an occupancy grid (one bit per 2 × 2 × 2 density voxels) lets the renderer skip empty space. It is
  conservative: trilinear interpolation never exceeds the largest of the eight corners and softplus is
  monotonic, so a cell whose vertices all give density below the threshold holds no sample above it.

A dense grid is the simplest of the grid methods to write as one WGSL pass (a hash table would need 16 levels
of lookups per sample); its cost is memory: ~13 MB of float32, most of it empty space set to one value, so
it compresses to a fraction.

Rendering, the same here, in the reference path (TypeScript) and in src/kernels/volume/volume-render.wgsl: a ray
enters the box at t0 and samples sit at t0 + (i + u)·dt with dt = half a density voxel and u = 0.5 (a random u
per ray while training, jittered u while the browser refines a still image); alpha_i = 1 − exp(−σ_i·dt)
where σ is in units of 1/voxel inside the file's grid; weight w_i = T_i·alpha_i; colour = Σ w_i·c_i + T·white.

Export: nerf/field.onnx maps points [N, 3] and unit view directions [N, 3] to rgb [N, 3] and density
sigma [N, 1] (per world unit, zero outside the box); its initializers `density`, `features` and
`mlp.*` are what the WGSL renderer reads. nerf/occupancy.bin holds the occupancy bits (uint32 words, little
endian, cell x + nx·(y + ny·z)), nerf/nerf.json the box, grid sizes, sampling constants and the cameras.

    /usr/bin/python3 -m training.nerf                       # CPU preset (~35 min here)
    /usr/bin/python3 -m training.nerf --data path/to/nerf_synthetic/lego --size 100 \
        --box -1.5 -1.5 -1.5 1.5 1.5 1.5 --out /tmp/lego     # a public NeRF-synthetic scene
"""
from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .cli import ROOT, add_preset_args, base_parser, preset_config, training_record
from .export import check_parity, count_params, export_onnx, round_as_stored_
from .float16 import float32_initializers
from .manifest import parity_record, update_metrics, write_model_entry
from .png import read_png
from .study_model import StudyModel

SCENE_DIR = os.path.join(ROOT, "public", "models", "nerf", "scene")


@dataclass
class NerfConfig:
    box_min: tuple = (-1.3, -1.3, -0.95)   # the scene's box; the grids span box_min .. box_min + cells·cell
    cell: float = 2.6 / 64                 # occupancy cell edge (world units) = 2 density voxels
    cells: tuple = (64, 64, 48)            # occupancy cells per axis (x, y, z)
    channels: int = 8                      # feature channels (colour grid)
    hidden: int = 32                       # colour MLP width
    step_ratio: float = 0.5                # sample spacing in density voxels
    density_init: float = -7.0             # raw density at start: softplus(-7) ≈ 1e-3 / voxel, nearly clear
    occupancy_threshold: float = 0.01      # σ (per voxel) below which a cell is empty (alpha ≤ 0.5 % per sample)
    weight_threshold: float = 1e-3         # samples with less weight skip the colour MLP (1e-4: +0.12 dB, +50 % MLP calls)
    stop_transmittance: float = 1e-3       # early ray termination
    image_size: int = 128                  # training/test images are resized to this (integer factor)
    batch_rays: int = 4096
    steps: int = 20000
    time_limit_s: float = 2100             # CPU preset: 35 minutes
    lr_grid: float = 0.1
    lr_mlp: float = 2e-3
    lr_decay: float = 0.1                  # final lr = lr · lr_decay (exponential)
    alpha_loss: float = 0.1                # weight of the opacity loss against the image's alpha channel
    tv_loss: float = 1e-5                  # total variation on density (fewer floaters)
    coarse_steps: int = 1000               # density at feature resolution first, then twice as fine
    warmup_steps: int = 100                # occupancy grid in use from here, refreshed every 200 steps
    seed: int = 0
    train_views: int = 0                   # 0 = all
    test_views: int = 0


SMOKE = dict(steps=40, time_limit_s=60, cells=(16, 16, 12), cell=2.6 / 16, batch_rays=512, coarse_steps=20,
             warmup_steps=10, image_size=32, train_views=8, test_views=2)
PRESETS = {"cpu": {}, "full": dict(steps=30000, batch_rays=8192, time_limit_s=3600)}


# ---------------------------------------------------------------------------------------------- data

def load_views(path: str, split: str, size: int, limit: int = 0) -> dict:
    """A NeRF-synthetic split: images [N, size, size, 4] float (straight alpha), c2w [N, 4, 4], focal (px)."""
    with open(os.path.join(path, f"transforms_{split}.json")) as f:
        meta = json.load(f)
    frames = meta["frames"][:limit or None]
    images, poses, files = [], [], []
    for frame in frames:
        file = frame["file_path"] if frame["file_path"].endswith(".png") else frame["file_path"] + ".png"
        image = read_png(os.path.join(path, file)).astype(np.float32) / 255
        if image.shape[2] != 4:
            raise ValueError(f"{file}: expected RGBA (transparent background), got {image.shape[2]} channels")
        h = image.shape[0]
        if h % size:
            raise ValueError(f"{file}: {h}px cannot be shrunk to {size}px by an integer factor")
        k = h // size
        if k > 1:  # average in premultiplied form so edges keep their colour
            rgb = (image[..., :3] * image[..., 3:]).reshape(size, k, size, k, 3).mean((1, 3))
            alpha = image[..., 3:].reshape(size, k, size, k, 1).mean((1, 3))
            image = np.concatenate([rgb / np.maximum(alpha, 1e-8), alpha], -1)
        images.append(image)
        poses.append(np.array(frame["transform_matrix"], dtype=np.float32))
        files.append(file)
    focal = 0.5 * size / math.tan(0.5 * meta["camera_angle_x"])
    return {"images": torch.from_numpy(np.stack(images)), "c2w": torch.from_numpy(np.stack(poses)),
            "focal": focal, "size": size, "files": files, "camera_angle_x": meta["camera_angle_x"],
            "scene": meta.get("scene", {})}


def camera_rays(c2w: torch.Tensor, size: int, focal: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Origins and unit directions [size², 3] through pixel centres, row by row from the top.

    Camera looks down its -Z with +Y up (Blender / NeRF-synthetic). Same formula as cameraRay in src/kernels/volume/volume-reference.ts.
    """
    j, i = torch.meshgrid(torch.arange(size, dtype=torch.float32), torch.arange(size, dtype=torch.float32),
                          indexing="ij")
    cam = torch.stack([(i + 0.5 - size / 2) / focal, -(j + 0.5 - size / 2) / focal, -torch.ones_like(i)], -1)
    d = cam.reshape(-1, 3) @ c2w[:3, :3].T
    d = d / d.norm(dim=-1, keepdim=True)
    return c2w[:3, 3].expand_as(d), d


def all_rays(views: dict) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    origins, dirs = zip(*(camera_rays(c, views["size"], views["focal"]) for c in views["c2w"]))
    return torch.cat(origins), torch.cat(dirs), views["images"].reshape(-1, 4)


def on_white(rgba: torch.Tensor) -> torch.Tensor:
    return rgba[..., :3] * rgba[..., 3:] + (1 - rgba[..., 3:])


# ---------------------------------------------------------------------------------------------- field

def dir_basis(d: torch.Tensor) -> torch.Tensor:
    """Degree-2 polynomial of the unit view direction (spans the real spherical harmonics up to degree 2)."""
    x, y, z = d.unbind(-1)
    return torch.stack([torch.ones_like(x), x, y, z, x * y, y * z, x * z, x * x - y * y, 3 * z * z - 1], -1)


def trilinear(table: torch.Tensor, dims: tuple, g: torch.Tensor) -> torch.Tensor:
    """Values [N, C] of a vertex grid `table` [nx·ny·nz, C] (x fastest) at grid coordinates g [N, 3]."""
    nx, ny, nz = dims
    # maximum/minimum with float32 tensors (clamp's scalar would export as a float64 constant, which the
    # WASM backend of onnxruntime-web's WebGPU bundle cannot cast)
    hi = torch.tensor([nx - 1, ny - 1, nz - 1], dtype=torch.float32) - 1e-4
    g = torch.minimum(torch.maximum(g, torch.zeros(3)), hi)
    base = torch.floor(g)
    f = g - base
    i = base.long()
    index = i[:, 0] + nx * (i[:, 1] + ny * i[:, 2])
    out = 0.0
    for dz in (0, 1):
        for dy in (0, 1):
            for dx in (0, 1):
                w = ((f[:, 0] if dx else 1 - f[:, 0]) * (f[:, 1] if dy else 1 - f[:, 1])
                     * (f[:, 2] if dz else 1 - f[:, 2]))
                out = out + w[:, None] * table[index + (dx + nx * (dy + ny * dz))]
    return out


class RadianceField(nn.Module):
    """Density grid + feature grid + colour MLP over the box; `fine` = density at twice the feature resolution."""

    def __init__(self, cfg: NerfConfig, fine: bool = True):
        super().__init__()
        self.cfg = cfg
        self.box_min = torch.tensor(cfg.box_min, dtype=torch.float32)
        self.extent = torch.tensor(cfg.cells, dtype=torch.float32) * cfg.cell
        self.feature_dims = tuple(c + 1 for c in cfg.cells)
        self.density_dims = tuple(2 * c + 1 for c in cfg.cells) if fine else self.feature_dims
        n = int(np.prod(self.density_dims))
        self.density = nn.Parameter(torch.full((n, 1), cfg.density_init))
        g = torch.Generator().manual_seed(cfg.seed)
        self.features = nn.Parameter(0.1 * torch.randn(int(np.prod(self.feature_dims)), cfg.channels, generator=g))
        self.mlp = nn.Sequential(nn.Linear(cfg.channels + 9, cfg.hidden), nn.ReLU(),
                                 nn.Linear(cfg.hidden, cfg.hidden), nn.ReLU(), nn.Linear(cfg.hidden, 3))

    @property
    def voxel(self) -> float:
        return self.cfg.cell / (2 if self.density_dims != self.feature_dims else 1)

    def grid(self, p: torch.Tensor, dims: tuple) -> torch.Tensor:
        return (p - self.box_min) / self.extent * (torch.tensor(dims, dtype=torch.float32) - 1)

    def sigma_voxel(self, p: torch.Tensor) -> torch.Tensor:
        """Density [N] per density voxel (what alpha uses with dt in voxels)."""
        return F.softplus(trilinear(self.density, self.density_dims, self.grid(p, self.density_dims))[:, 0])

    def rgb(self, p: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
        feats = trilinear(self.features, self.feature_dims, self.grid(p, self.feature_dims))
        return torch.sigmoid(self.mlp(torch.cat([feats, dir_basis(d)], -1)))

    def refine(self) -> None:
        """Density grid from feature resolution to twice as fine (trilinear, vertices on the same box)."""
        fx, fy, fz = self.feature_dims
        coarse = self.density.detach().reshape(1, 1, fz, fy, fx)
        fine = tuple(2 * c + 1 for c in self.cfg.cells)
        up = F.interpolate(coarse, size=(fine[2], fine[1], fine[0]), mode="trilinear", align_corners=True)
        self.density_dims = fine
        self.density = nn.Parameter(up.reshape(-1, 1).contiguous())

    def occupancy(self, threshold: float, dilate: int = 0) -> torch.Tensor:
        """Bool [nz, ny, nx] per occupancy cell: max density over the cell's vertices above `threshold`."""
        dx, dy, dz = self.density_dims
        k = (dx - 1) // self.cfg.cells[0]  # density intervals per cell (1 coarse, 2 fine)
        raw = self.density.detach().reshape(1, 1, dz, dy, dx)
        peak = F.max_pool3d(raw, kernel_size=k + 1, stride=k)[0, 0]
        if dilate:
            peak = F.max_pool3d(peak[None, None], 2 * dilate + 1, 1, dilate)[0, 0]
        return F.softplus(peak) > threshold


class FieldExport(nn.Module):
    """What nerf/field.onnx computes: points and unit directions -> rgb, sigma per world unit (0 outside the box).

    The graph computes in float32 (onnxruntime-web's WebGPU bundle has no float16 Cast on its WASM backend);
    the file stores the grids as float16 and the site widens them at load (training/float16.py). `density`,
    `features` and `mlp.*` keep their names so the WGSL renderer finds them.
    """

    def __init__(self, model: RadianceField):
        super().__init__()
        self.cfg, self.density_dims, self.feature_dims = model.cfg, model.density_dims, model.feature_dims
        self.box_min, self.extent, self.voxel = model.box_min, model.extent, model.voxel
        self.register_buffer("density", model.density.detach().clone())
        self.register_buffer("features", model.features.detach().clone())
        self.mlp = model.mlp

    def forward(self, points: torch.Tensor, dirs: torch.Tensor):
        u = (points - self.box_min) / self.extent
        inside = ((u >= 0) & (u <= 1)).all(-1, keepdim=True).float()
        gd = u * (torch.tensor(self.density_dims, dtype=torch.float32) - 1)
        gf = u * (torch.tensor(self.feature_dims, dtype=torch.float32) - 1)
        sigma = F.softplus(trilinear(self.density, self.density_dims, gd)) / self.voxel * inside
        feats = trilinear(self.features, self.feature_dims, gf)
        rgb = torch.sigmoid(self.mlp(torch.cat([feats, dir_basis(dirs)], -1)))
        return rgb, sigma


def clear_empty_(model: RadianceField, occupied: torch.Tensor) -> None:
    """Sets every grid vertex that no occupied cell touches to one value (density -10, features 0).

    The renderer never evaluates a sample in an empty cell, and trilinear interpolation inside an occupied
    cell only reads that cell's vertices, so rendering does not change; the file then compresses well (git,
    HTTP) and the field reads as clearly empty out there.
    """
    nz, ny, nx = occupied.shape
    with torch.no_grad():
        for table, dims, k, empty in ((model.density, model.density_dims, 2, -10.0), (model.features, model.feature_dims, 1, 0.0)):
            touched = torch.zeros(dims[2], dims[1], dims[0], dtype=torch.bool)
            for oz in range(k + 1):  # cell c spans vertices c·k … (c + 1)·k along each axis
                for oy in range(k + 1):
                    for ox in range(k + 1):
                        touched[oz:oz + k * nz:k, oy:oy + k * ny:k, ox:ox + k * nx:k] |= occupied
            table[~touched.reshape(-1)] = empty


# ---------------------------------------------------------------------------------------------- rendering

def box_hits(o: torch.Tensor, d: torch.Tensor, lo: torch.Tensor, hi: torch.Tensor):
    """Entry and exit distance of rays and the box (slab test); exit < entry where a ray misses."""
    inv = 1.0 / torch.where(d.abs() < 1e-9, torch.full_like(d, 1e-9), d)
    t1, t2 = (lo - o) * inv, (hi - o) * inv
    near = torch.minimum(t1, t2).amax(-1).clamp(min=0.0)
    far = torch.maximum(t1, t2).amin(-1)
    return near, far


def render_rays(model: RadianceField, o: torch.Tensor, d: torch.Tensor, offset: torch.Tensor,
                occupied: torch.Tensor | None, stats: dict | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """RGB on white [B, 3] and opacity [B] of rays o, d [B, 3]; samples at t0 + (i + offset)·dt.

    `occupied` (bool [nz, ny, nx] or None = everything) decides which samples are evaluated at all.
    """
    cfg = model.cfg
    dt = cfg.step_ratio * model.voxel
    lo, hi = model.box_min, model.box_min + model.extent
    near, far = box_hits(o, d, lo, hi)
    n = int(math.ceil(float((far - near).clamp(min=0).max()) / dt)) + 1
    t = near[:, None] + (torch.arange(n, dtype=torch.float32)[None] + offset[:, None]) * dt
    valid = t < far[:, None]
    p = o[:, None] + t[..., None] * d[:, None]
    if occupied is not None:
        c = ((p - lo) / cfg.cell).floor().long()
        nz, ny, nx = occupied.shape
        c = torch.minimum(c.clamp(min=0), torch.tensor([nx - 1, ny - 1, nz - 1]))
        valid = valid & occupied.reshape(-1)[c[..., 0] + nx * (c[..., 1] + ny * c[..., 2])]
    if stats is not None:
        inside = (t < far[:, None]).sum().item()
        stats["samples"] = stats.get("samples", 0) + inside
        stats["evaluated"] = stats.get("evaluated", 0) + valid.sum().item()
    idx = valid.nonzero(as_tuple=True)
    alpha = torch.zeros_like(t)
    alpha[idx] = 1 - torch.exp(-model.sigma_voxel(p[idx]) * cfg.step_ratio)
    trans = torch.cumprod(torch.cat([torch.ones_like(alpha[:, :1]), 1 - alpha + 1e-10], 1), 1)
    weight = alpha * trans[:, :-1]
    weight = weight * (trans[:, :-1] > cfg.stop_transmittance)
    shade = (weight > cfg.weight_threshold).nonzero(as_tuple=True)
    rgb = torch.zeros(*t.shape, 3)
    rgb[shade] = model.rgb(p[shade], d[shade[0]])
    opacity = weight.sum(1)
    color = (weight[..., None] * rgb).sum(1) + (1 - opacity[:, None])
    return color, opacity


def render_image(model: RadianceField, c2w: torch.Tensor, size: int, focal: float, occupied, chunk=8192,
                 stats=None) -> torch.Tensor:
    o, d = camera_rays(c2w, size, focal)
    with torch.no_grad():
        parts = [render_rays(model, o[i:i + chunk], d[i:i + chunk], torch.full((len(o[i:i + chunk]),), 0.5),
                             occupied, stats)[0] for i in range(0, len(o), chunk)]
    return torch.cat(parts).reshape(size, size, 3)


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(-10 * torch.log10(((a - b) ** 2).mean()))


def evaluate(model: RadianceField, views: dict, occupied) -> dict:
    stats, scores = {}, []
    for k in range(len(views["c2w"])):
        image = render_image(model, views["c2w"][k], views["size"], views["focal"], occupied, stats=stats)
        scores.append(psnr(image.clamp(0, 1), on_white(views["images"][k])))
    return {"psnr": float(np.mean(scores)), "psnr_min": float(np.min(scores)), "views": len(scores),
            "evaluated_share": stats["evaluated"] / max(stats["samples"], 1)}


# ---------------------------------------------------------------------------------------------- training

def total_variation(model: RadianceField, n: int, gen: torch.Generator) -> torch.Tensor:
    """Squared differences of the density grid along x, y, z at n random vertices."""
    dx, dy, dz = model.density_dims
    g = model.density.reshape(dz, dy, dx)
    z, y, x = (torch.randint(0, s - 1, (n,), generator=gen) for s in (dz, dy, dx))
    return ((g[z, y, x + 1] - g[z, y, x]) ** 2 + (g[z, y + 1, x] - g[z, y, x]) ** 2
            + (g[z + 1, y, x] - g[z, y, x]) ** 2).mean()


def make_optimizer(model: RadianceField, cfg: NerfConfig) -> torch.optim.Optimizer:
    return torch.optim.Adam([{"params": [model.density, model.features], "lr": cfg.lr_grid, "base": cfg.lr_grid},
                             {"params": model.mlp.parameters(), "lr": cfg.lr_mlp, "base": cfg.lr_mlp}],
                            betas=(0.9, 0.99))


def train(cfg: NerfConfig, train_views: dict, log=print) -> tuple[RadianceField, dict]:
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    origins, dirs, targets = all_rays(train_views)
    model = RadianceField(cfg, fine=cfg.coarse_steps == 0)
    opt = make_optimizer(model, cfg)
    occupied, t0, step, running, curve = None, time.time(), 0, 0.0, []
    while step < cfg.steps and time.time() - t0 < cfg.time_limit_s:
        progress = max(step / cfg.steps, (time.time() - t0) / cfg.time_limit_s)
        if step == cfg.coarse_steps and step > 0:
            model.refine()
            opt = make_optimizer(model, cfg)
            log(f"step {step}: density grid refined to {model.density_dims}")
        if step >= cfg.warmup_steps and (step % 200 == 0 or occupied is None or step == cfg.coarse_steps):
            occupied = model.occupancy(cfg.occupancy_threshold, dilate=1)
        for group in opt.param_groups:
            group["lr"] = group["base"] * cfg.lr_decay ** progress
        pick = torch.randint(0, len(origins), (cfg.batch_rays,), generator=gen)
        target = targets[pick]
        color, opacity = render_rays(model, origins[pick], dirs[pick], torch.rand(cfg.batch_rays, generator=gen),
                                     occupied)
        mse = F.mse_loss(color, on_white(target))
        loss = mse + cfg.alpha_loss * F.mse_loss(opacity, target[:, 3])
        if cfg.tv_loss:
            loss = loss + cfg.tv_loss * total_variation(model, 65536, gen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        running = 0.98 * running + 0.02 * mse.item() if step else mse.item()
        step += 1
        if step % 100 == 0 or step == cfg.steps:
            share = occupied.float().mean().item() if occupied is not None else 1.0
            curve.append({"step": step, "train_psnr": round(-10 * math.log10(running), 2), "s": round(time.time() - t0),
                          "occupied_share": round(share, 4)})
            log(f"step {step} train PSNR~{-10 * math.log10(running):.2f} dB, occupied {share:.3f} "
                f"({time.time() - t0:.0f} s)")
    if model.density_dims == model.feature_dims:
        model.refine()
    return model.eval(), {"steps": step, "wall_time_s": round(time.time() - t0, 1),
                          "stopped_by_time_limit": step < cfg.steps, "curve": curve}


# ---------------------------------------------------------------------------------------------- export

def write_occupancy(occupied: torch.Tensor, path: str) -> None:
    bits = occupied.reshape(-1).numpy().astype(np.uint8)
    bits = np.concatenate([bits, np.zeros((-len(bits)) % 32, np.uint8)])
    words = (bits.reshape(-1, 32).astype(np.uint64) << np.arange(32, dtype=np.uint64)).sum(1).astype("<u4")
    with open(path, "wb") as f:
        f.write(words.tobytes())


def read_occupancy(path: str, cells) -> torch.Tensor:
    """occupancy.bin back as bool [nz, ny, nx] (the inverse of write_occupancy)."""
    nx, ny, nz = cells
    words = np.fromfile(path, dtype="<u4")
    bits = ((words[:, None] >> np.arange(32, dtype=np.uint32)) & 1).astype(bool).reshape(-1)
    return torch.from_numpy(bits[:nx * ny * nz].reshape(nz, ny, nx).copy())


def parity_inputs(model: RadianceField, n: int = 4096) -> dict:
    g = torch.Generator().manual_seed(7)
    p = model.box_min - 0.05 * model.extent + 1.1 * model.extent * torch.rand(n, 3, generator=g)
    d = F.normalize(torch.randn(n, 3, generator=g), dim=-1)
    return {"points": p, "dirs": d}


def main(argv=None) -> dict:
    p = base_parser(__doc__, "nerf/field.onnx, nerf/occupancy.bin, nerf/nerf.json")
    add_preset_args(p, PRESETS, "cpu (here, ~35 min) or full (GPU or longer)")
    p.set_defaults(data=SCENE_DIR)
    p.add_argument("--box", type=float, nargs=6, metavar=("X0", "Y0", "Z0", "X1", "Y1", "Z1"),
                   help="scene box (default: the box of our Blender scene); public scenes: -1.5 … 1.5")
    p.add_argument("--size", type=int, help="image size to train and test at (an integer divisor of the photos')")
    p.add_argument("--refresh", action="store_true",
                   help="no training: read the shipped nerf/field.onnx back, measure it again and rewrite the files "
                        "and the manifest entry (keeps its training record)")
    p.add_argument("--evaluate-only", action="store_true",
                   help="no training, no files written: render the test views from the shipped field.onnx and "
                        "occupancy.bin as stored and update the manifest's metrics")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = preset_config(NerfConfig, args, SMOKE, PRESETS)
    if args.size:
        cfg.image_size = args.size
    if args.box:  # keep the occupancy resolution along the longest side, cubic cells
        lo, hi = np.array(args.box[:3]), np.array(args.box[3:])
        longest = max(cfg.cells)
        cfg.cell = float((hi - lo).max() / longest)
        cfg.cells = tuple(int(math.ceil((h - l) / cfg.cell - 1e-6)) for l, h in zip(lo, hi))
        cfg.box_min = tuple(float(v) for v in lo)
    train_views = load_views(args.data, "train", cfg.image_size, cfg.train_views)
    test_views = load_views(args.data, "test", cfg.image_size, cfg.test_views)
    print(f"{len(train_views['files'])} training and {len(test_views['files'])} test views at {cfg.image_size}²",
          flush=True)

    if args.evaluate_only:
        return evaluate_shipped(cfg, args, train_views, test_views)
    if args.refresh:
        with open(os.path.join(args.out, "manifest.json")) as f:
            old = json.load(f)["models"]["nerf"]
        model, run = load_from_onnx(cfg, os.path.join(args.out, "nerf", "field.onnx")), old["training"]
    else:
        model, run = train(cfg, train_views, log=lambda m: print(m, flush=True))
        run = training_record("nerf", args, run, preset=args.preset)
    return finish(model, cfg, args, train_views, test_views, run)


def load_from_onnx(cfg: NerfConfig, path: str) -> RadianceField:
    """The field back from a shipped field.onnx (float32 or float16 grids), e.g. to re-export or re-measure it."""
    tensors = {k: torch.from_numpy(v) for k, v in float32_initializers(path).items()}
    model = RadianceField(cfg, fine=True)
    with torch.no_grad():
        model.density.copy_(tensors["density"])
        model.features.copy_(tensors["features"])
        for name, param in model.mlp.named_parameters():
            param.copy_(tensors[f"mlp.{name}"])
    return model.eval()


def evaluate_shipped(cfg: NerfConfig, args, train_views: dict, test_views: dict) -> dict:
    """Renders the test views from the shipped files as they are stored (float16 grids, occupancy.bin) and
    updates only the manifest's metrics."""
    out_dir = os.path.join(args.out, "nerf")
    model = load_from_onnx(cfg, os.path.join(out_dir, "field.onnx"))
    occupied = read_occupancy(os.path.join(out_dir, "occupancy.bin"), cfg.cells)
    moved = int((occupied != model.occupancy(cfg.occupancy_threshold)).sum())
    print(f"occupancy.bin against the occupancy of the stored density grid: {moved} cells differ", flush=True)
    metrics = measure(model, cfg, train_views, test_views, occupied)
    return update_metrics("nerf", {**metrics, "evaluated_with": "npm run train:nerf -- --evaluate-only"}, models_dir=args.out)


def measure(model: RadianceField, cfg: NerfConfig, train_views: dict, test_views: dict, occupied) -> dict:
    """The manifest's metrics: PSNR on the test views and on ten training views, as the browser renders."""
    metrics = evaluate(model, test_views, occupied)
    metrics_train = evaluate(model, {k: (v[:10] if k in ("images", "c2w") else v) for k, v in train_views.items()},
                             occupied)
    metrics = {"test_psnr_db": round(metrics["psnr"], 3), "test_psnr_min_db": round(metrics["psnr_min"], 3),
               "train_psnr_db_10_views": round(metrics_train["psnr"], 3), "test_views": metrics["views"],
               "image_size": cfg.image_size, "background": "white",
               "samples_evaluated_share": round(metrics["evaluated_share"], 4),
               "occupied_cells_share": round(occupied.float().mean().item(), 4),
               "evaluation": "mean PSNR over the held-out test views, RGB composited on white, rendered with the "
                             "shipped grids, the occupancy skipping and early termination the browser uses"}
    print(f"test PSNR {metrics['test_psnr_db']:.2f} dB (min {metrics['test_psnr_min_db']:.2f}), "
          f"train {metrics['train_psnr_db_10_views']:.2f} dB, occupied {metrics['occupied_cells_share']:.3f}",
          flush=True)
    return metrics


def finish(model: RadianceField, cfg: NerfConfig, args, train_views: dict, test_views: dict, training: dict) -> dict:
    """Occupancy, evaluation on the test views, export (field.onnx, occupancy.bin, nerf.json) and manifest."""
    occupied = model.occupancy(cfg.occupancy_threshold)
    clear_empty_(model, occupied)
    assert torch.equal(occupied, model.occupancy(cfg.occupancy_threshold)), "clearing empty space changed occupancy"
    round_as_stored_(model)  # the grids ship as float16: measure those values (occupancy stays float32's)
    metrics = measure(model, cfg, train_views, test_views, occupied)

    out_dir = os.path.join(args.out, "nerf")
    os.makedirs(out_dir, exist_ok=True)
    onnx_path, occ_path, meta_path = (os.path.join(out_dir, f) for f in ("field.onnx", "occupancy.bin", "nerf.json"))
    exported = FieldExport(model).eval()
    cases = parity_inputs(model)
    export_onnx(exported, cases, ["rgb", "sigma"], onnx_path, constant_folding=False)
    parity = check_parity(exported, onnx_path, cases, ["rgb", "sigma"])
    print(f"parity vs torch (onnxruntime-web, Node, WASM): {parity:.2e}", flush=True)
    write_occupancy(occupied, occ_path)
    scene_rel = os.path.relpath(args.data, args.out).replace(os.sep, "/")
    meta = {
        "box_min": list(cfg.box_min), "box_max": (model.box_min + model.extent).tolist(), "cell": cfg.cell,
        "cells": list(cfg.cells), "density_dims": list(model.density_dims), "feature_dims": list(model.feature_dims),
        "voxel": model.voxel, "channels": cfg.channels, "hidden": cfg.hidden, "step_ratio": cfg.step_ratio,
        "occupancy_threshold": cfg.occupancy_threshold, "weight_threshold": cfg.weight_threshold,
        "stop_transmittance": cfg.stop_transmittance, "background": [1, 1, 1],
        "dir_basis": "1, x, y, z, xy, yz, xz, x²−y², 3z²−1 of the unit direction",
        "camera_angle_x": train_views["camera_angle_x"], "image_size": cfg.image_size,
        "train_views": [{"file": f"{scene_rel}/{f.lstrip('./')}", "c2w": c.tolist()}
                        for f, c in zip(train_views["files"], train_views["c2w"])],
    }
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    params = count_params(model)
    scene = train_views["scene"]
    entry = {
        "kind": "nerf", "title": "Radiance field: density grid + feature grid + tiny MLP, occupancy grid",
        "params": {"field": params, "total": params}, "config": asdict(cfg),
        "dataset": {"name": "Blender scene built by training/nerf_scene.py" if args.data == SCENE_DIR else args.data,
                    "licence": scene.get("licence", "see the scene's source"), "renderer": scene.get("renderer", ""),
                    "train_views": len(train_views["files"]), "test_views": len(test_views["files"]),
                    "source_size": scene.get("size"), "installed_from": "rendered by `npm run render:nerf` (Blender)"},
        "licence": {"model": "MIT (trained by this project)", "data": scene.get("licence", "see the scene's source")},
        "training": training,
        "metrics": metrics,
        "parity": parity_record(parity),
        "roles": {"field": "nerf/field.onnx", "occupancy": "nerf/occupancy.bin", "meta": "nerf/nerf.json"},
    }
    write_model_entry("nerf", entry, [onnx_path, occ_path, meta_path], models_dir=args.out)
    print(f"wrote {out_dir}")
    return entry


# ---- the training study (training/study.py): the field trained on fewer views ----------------------------

def study_run(run, p, args, cache: dict) -> dict:
    """The field of the run's budget trained on `views` training views spread evenly over all of them, PSNR on
    the held-out views."""
    base = NerfConfig(**SMOKE) if p.smoke else NerfConfig()
    if "views" not in cache:
        cache["views"] = (load_views(args.scene, "train", base.image_size),
                          load_views(args.scene, "test", base.image_size, base.test_views))
    all_train, test = cache["views"]
    n_all = len(all_train["c2w"])
    pick = np.unique(np.linspace(0, n_all - 1, min(run.data["views"], n_all)).round().astype(int))
    views = {**all_train, "images": all_train["images"][pick], "c2w": all_train["c2w"][pick],
             "files": [all_train["files"][i] for i in pick]}
    cfg = replace(base, steps=10 ** 9, seed=run.seed, time_limit_s=run.budget_s, train_views=len(pick))
    cpu0 = time.process_time()
    model, record = train(cfg, views, log=lambda m: None)
    cpu_s = time.process_time() - cpu0
    occupied = model.occupancy(cfg.occupancy_threshold)
    metrics = evaluate(model, test, occupied)
    scene = os.path.relpath(args.scene, ROOT)
    return {"config": {k: v for k, v in asdict(cfg).items()}, "steps": record["steps"], "train_cpu_s": round(cpu_s, 1),
            "data": {"dataset": f"our Blender scene ({scene})", "licence": "CC0 (made by this project)",
                     "train_views": int(len(pick)), "views_picked": "evenly spread over the 100 rendered training views",
                     "test_views": metrics["views"], "image_size": cfg.image_size},
            "curve": record["curve"][::max(1, len(record["curve"]) // 20)],
            "final": {"test_psnr_db": round(metrics["psnr"], 3), "test_psnr_min_db": round(metrics["psnr_min"], 3)}}


STUDY = StudyModel("nerf", ("nerf_views",), lambda p: p.nerf_budget_s, study_run,
                   options=(("--scene", dict(default=SCENE_DIR,
                                             help="the NeRF scene (transforms_*.json and images)")),))


if __name__ == "__main__":
    main()
