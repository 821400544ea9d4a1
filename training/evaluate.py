"""One command for the image-quality table: FMNIST-FD, class coverage and sharpness of every image model's
samples, beside real images, all measured with our own classifier (training/classifier.py).

    /usr/bin/python3 -m training.evaluate          # 10,000 samples per row; writes manifest['evaluation']
    /usr/bin/python3 -m training.evaluate --only diffusion

Rows: real training images (the reference: FD of 10k training images against the test set, the floor any
model can reach), then one row per sampler in SAMPLERS, every one on 10,000 images so that the rows compare
like with like. Class-conditional samplers also return the class they asked for, and the row gets
`class_accuracy`: the share of samples our classifier assigns to that class.

FD is the mean over DRAWS independent draws of 10,000 images, with their spread (`fmnist_fd_sd`) and each
draw's value: one draw of 10,000 VAE samples moves by about 2.5 (sd over 11 seeds: 177.5 to 185.5), more than
the differences one wants to read, so a single seed's figure was a lucky or unlucky one (issue 18). The
diffusion model needs 100 U-Net calls per image at 50 DDIM steps (conditional and unconditional), so it gets
one draw on a CPU; its 10-step row (20 calls per image) shows what a fifth of the cost does to quality.

    /usr/bin/python3 -m training.evaluate --precision    # 2,000 samples per row; writes only
                                                         # manifest['evaluation']['precision_recall']

FD folds two things into one number: whether samples look like real images, and whether they spread over
everything real images do. `--precision` reads them apart, for the claim that diffusion models make very
precise images, sometimes more precise than GANs. It measures k-NN precision and recall (k = 3, Kynkäänniemi
et al. 2019) in the classifier's penultimate-layer features: precision is the share of a row's samples that
land inside the region the test images occupy (each test feature's ball out to its 3rd nearest test
neighbour), recall the share of test images inside the samples' own region. Both depend on the set sizes, so
every row compares its N samples (N = 2,000 unless --samples says otherwise) with one fixed draw of N test
images (Yardstick.precision_recall). Rows: N training images (the ceiling a model can hope for), the VAE, the
GAN, and the diffusion model at guidance 1, 3 and 6 (DDIM 20 steps unless --diffusion-steps says otherwise,
classes 0..9 in turn, the same starting noise for each guidance), each also with the FD of the same N samples
against all 10,000 test images (higher than the table's 10,000-sample FD: FD grows as the sample shrinks). All
draws come from fixed seeds, so a rerun gives the same numbers; the diffusion batches go to --cache as in the
table's rows, so a stopped run resumes. The `image_quality` table is left exactly as it is.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import tempfile
import time
from typing import Callable

import numpy as np
import torch

from . import classifier as clf
from . import diffusion
from . import vae
from .data import DEFAULT_DIR, load_fashion_mnist
from .float16 import widened_copy
from .manifest import save_manifest
from .metrics import class_coverage
from .png import image_grid, write_png
from .yardstick import Yardstick, score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A sampler returns n images (n, 28, 28) as float32 in [0, 1], and the class each was asked to show (or None).
Sampler = Callable[[int, torch.Generator], tuple[np.ndarray, np.ndarray | None]]
DRAWS = 5
# Fewer draws for samplers whose sampling is costly on a CPU (see the docstring).
SAMPLER_DRAWS = {"diffusion": 1, "diffusion_ddim10": 1}
DIFFUSION_STEPS, DIFFUSION_GUIDANCE = 50, 3.0
# --precision: samples per row, DDIM steps and the guidances of the diffusion rows, k of the k-NN balls.
PRECISION_SAMPLES, PRECISION_STEPS, PRECISION_GUIDANCES, PRECISION_K = 2000, 20, (1.0, 3.0, 6.0), 3


def vae_sampler(models_dir: str, manifest: dict) -> Sampler:
    cfg = vae.VAEConfig(**manifest["models"]["vae"]["config"])
    model = vae.load_from_onnx(cfg, os.path.join(models_dir, "vae")).eval()

    @torch.no_grad()
    def sample(n: int, g: torch.Generator) -> np.ndarray:
        z = torch.randn(n, cfg.latent_dim, generator=g)
        return torch.cat([torch.sigmoid(model.dec(z[i:i + 1000])) for i in range(0, n, 1000)]).squeeze(1).numpy(), None
    return sample


def onnx_in_node(model_path: str, input_name: str, inputs: np.ndarray, batch: int = 500) -> np.ndarray:
    """Runs an ONNX file over `inputs` in onnxruntime-web (Node): the shipped file, in the site's runtime
    (its float16 weights widened to float32 first, as the site does)."""
    with tempfile.TemporaryDirectory() as tmp, widened_copy(model_path) as runnable:
        src, dst = os.path.join(tmp, "in.f32"), os.path.join(tmp, "out.f32")
        inputs.astype(np.float32).tofile(src)
        subprocess.run(["node", os.path.join(ROOT, "training", "onnx_run.mjs"), runnable, input_name, src,
                        ",".join(map(str, inputs.shape)), str(batch), dst], check=True, cwd=ROOT)
        return np.fromfile(dst, dtype=np.float32)


def gan_sampler(models_dir: str, manifest: dict) -> Sampler:
    z_dim = int(manifest["models"]["gan"]["config"]["z_dim"])
    path = os.path.join(models_dir, "gan", "generator.onnx")

    def sample(n: int, g: torch.Generator) -> np.ndarray:
        z = torch.randn(n, z_dim, generator=g).numpy()
        return onnx_in_node(path, "z", z).reshape(n, 28, 28), None
    return sample


def diffusion_sampler(models_dir: str, manifest: dict, steps: int = DIFFUSION_STEPS, cache_dir: str = "",
                      shard: tuple[int, int] = (0, 1), guidance: float = DIFFUSION_GUIDANCE) -> Sampler:
    """DDIM, 50 steps, classifier-free guidance 3 (`steps` and `guidance` set others), classes 0..9 in turn: the
    U-Net read from the shipped ONNX file and the shipped schedule, sampled by the Python reference that the
    TypeScript sampler is tested against.

    All starting noise is drawn first, so the batches of 250 images are independent of each other. With
    `cache_dir`, each finished batch is saved there (keyed by the U-Net file's hash, steps, guidance, seed and
    count): a run stopped midway (100 minutes on one CPU thread) goes on where it stopped, and `shard` (k, N)
    computes only every N-th batch from the k-th, so N processes share the work; each then returns (None, None),
    and a last run without a shard reads all batches back. Either way the images are those of one unbroken run."""
    cfg = diffusion.DiffusionConfig(**manifest["models"]["diffusion"]["config"])
    unet_path = os.path.join(models_dir, "diffusion", "unet.onnx")
    model = diffusion.load_from_onnx(cfg, unet_path)
    with open(os.path.join(models_dir, "diffusion", "schedule.json")) as f:
        alpha_bar = np.array(json.load(f)["alpha_bar"], dtype=np.float64)
    with open(unet_path, "rb") as f:
        unet_hash = hashlib.sha256(f.read()).hexdigest()[:16]

    @torch.no_grad()
    def sample(n: int, g: torch.Generator) -> tuple[np.ndarray | None, np.ndarray | None]:
        labels = np.arange(n) % 10
        x_T = torch.randn(n, 1, 28, 28, generator=g)  # the same numbers as drawing them batch by batch
        folder = cache_dir and os.path.join(cache_dir, f"diffusion-{unet_hash}-ddim{steps}-w{guidance:g}"
                                                       f"-seed{g.initial_seed()}-n{n}")
        out = []
        for b, i in enumerate(range(0, n, 250)):
            chunk = folder and os.path.join(folder, f"{i:06d}.npy")
            if chunk and os.path.exists(chunk):
                out.append(np.load(chunk))
                continue
            if b % shard[1] != shard[0]:
                continue
            lab = torch.from_numpy(labels[i:i + 250])
            _, x0 = diffusion.sample(lambda x, t: diffusion.guided_eps(model, x, t, lab, guidance),
                                     x_T[i:i + 250], alpha_bar, steps, "ddim")
            out.append(((x0 + 1) / 2).clamp(0, 1).squeeze(1).numpy())
            if chunk:
                os.makedirs(folder, exist_ok=True)
                np.save(chunk + ".part.npy", out[-1])
                os.replace(chunk + ".part.npy", chunk)
            print(f"  diffusion ({steps} steps, guidance {guidance:g}): images {i + 1}-{i + len(lab)} of {n} done", flush=True)
        if shard[1] > 1:
            return None, None
        return np.concatenate(out), labels
    return sample


# Row name -> (manifest model it samples, sampler factory, network passes per image, what the samples are).
SAMPLERS: dict[str, tuple[str, Callable[..., Sampler], int, str]] = {
    "vae": ("vae", vae_sampler, 1, "prior samples"),
    "gan": ("gan", gan_sampler, 1, "samples"),
    "diffusion": ("diffusion", diffusion_sampler, 2 * DIFFUSION_STEPS,
                  f"samples, DDIM {DIFFUSION_STEPS} steps, guidance {DIFFUSION_GUIDANCE:g}, classes in turn"),
    "diffusion_ddim10": ("diffusion", lambda d, m, *more: diffusion_sampler(d, m, 10, *more), 20,
                         f"samples, DDIM 10 steps, guidance {DIFFUSION_GUIDANCE:g}, classes in turn"),
}


def pooled(draws: list[dict], what: str) -> dict:
    """One row from several draws: FD as mean, spread and values; the other figures from all images at once
    (class histogram summed, coverage and entropy of that sum, sharpness and accuracy averaged)."""
    fds = [d["fmnist_fd"] for d in draws]
    hist = np.sum([d["class_histogram"] for d in draws], axis=0)
    cov = class_coverage(np.repeat(np.arange(len(hist)), hist))
    row = {"fmnist_fd": round(float(np.mean(fds)), 3), "fmnist_fd_sd": round(float(np.std(fds, ddof=1)), 3) if len(fds) > 1 else None,
           "fmnist_fd_draws": fds, "coverage": cov["coverage"], "class_entropy_nats": round(cov["class_entropy_nats"], 4),
           "class_histogram": cov["class_histogram"], "min_class_share": round(float(hist.min() / hist.sum()), 4),
           "sharpness_laplacian_var": round(float(np.mean([d["sharpness_laplacian_var"] for d in draws])), 5),
           "samples": draws[0]["samples"], "draws": len(draws), "what": what}
    if "class_accuracy" in draws[0]:
        row["class_accuracy"] = round(float(np.mean([d["class_accuracy"] for d in draws])), 4)
    return {k: v for k, v in row.items() if v is not None}


def precision_recall_rows(args, manifest_path: str, manifest: dict, shard: tuple[int, int]) -> dict:
    """`--precision`: k-NN precision and recall of N samples per row against a fixed draw of N test images,
    beside the FD of the same samples against all 10,000 test images; writes manifest['evaluation']
    ['precision_recall'] and nothing else (see the module docstring)."""
    yard = Yardstick(args.models, args.data)
    n = min(args.samples or PRECISION_SAMPLES, len(yard.ref))
    steps = args.diffusion_steps or PRECISION_STEPS
    # row name -> (manifest model it needs, a function giving (images, labels), passes per image, what, more fields)
    jobs: dict[str, tuple[str | None, Callable, int, str, dict]] = {}

    def real(_n: int, _g: torch.Generator):
        train_x, _ = load_fashion_mnist("train", args.data)
        return train_x[np.random.default_rng(0).choice(len(train_x), n, replace=False)].astype(np.float32) / 255, None
    jobs["real"] = (None, lambda: real, 0, f"{n} training images (the ceiling)", {})
    jobs["vae"] = ("vae", lambda: vae_sampler(args.models, manifest), 1, f"{n} prior samples", {})
    jobs["gan"] = ("gan", lambda: gan_sampler(args.models, manifest), 1, f"{n} samples", {})
    for w in PRECISION_GUIDANCES:
        jobs[f"diffusion_w{w:g}"] = (
            "diffusion", lambda w=w: diffusion_sampler(args.models, manifest, steps, args.cache, shard, guidance=w),
            2 * steps, f"{n} samples, DDIM {steps} steps, guidance {w:g}, classes 0..9 in turn",
            {"guidance": w, "steps": steps})
    rows = {}
    for name, (model_id, make, passes, what, more) in jobs.items():
        if (model_id and model_id not in manifest["models"]) or (args.only and name not in args.only):
            continue
        if shard[1] > 1 and model_id != "diffusion":
            continue
        t0 = time.time()
        images, labels = make()(n, torch.Generator().manual_seed(0))  # the same seed, so the same noise, for every row
        if images is None:  # one shard's batches are done
            continue
        preds, feats = clf.predict(yard.model, torch.from_numpy(images.astype(np.float32)).unsqueeze(1))
        scored = score(images, yard.model, yard.ref, labels, predicted=(preds, feats))
        rows[name] = {**yard.precision_recall(feats), "fmnist_fd": scored["fmnist_fd"], "samples": n,
                      "passes_per_image": passes, **more}
        if "class_accuracy" in scored:  # the share of samples the classifier puts in the class they were asked for
            rows[name]["class_accuracy"] = scored["class_accuracy"]
        rows[name]["what"] = what
        if args.grids:
            os.makedirs(args.grids, exist_ok=True)
            write_png(os.path.join(args.grids, f"precision_{name}.png"), image_grid(images[:100]))
        print(f"{name}: {rows[name]} ({time.time() - t0:.0f} s)", flush=True)
    if shard[1] > 1:
        print(f"shard {shard[0]}/{shard[1]} done; run again without --shard to score all batches")
        return rows
    with open(manifest_path) as f:  # read again: the run is long, and only this block is ours
        manifest = json.load(f)
    evaluation = manifest.setdefault("evaluation", {})
    old = evaluation.get("precision_recall", {})
    kept = old.get("rows", {}) if old.get("samples") == n and old.get("k") == PRECISION_K else {}
    merged = {**kept, **rows}
    evaluation["precision_recall"] = {
        "command": "npm run evaluate -- --precision",
        "classifier": "yardstick/classifier.onnx",
        "k": PRECISION_K,
        "samples": n,
        "reference": f"{n} Fashion-MNIST test images (fixed draw)",
        "what": "k-NN precision (share of a row's samples inside the test images' region of the classifier's "
                "feature space: fidelity) and recall (share of the test images inside the samples' region: "
                f"diversity), Kynkäänniemi et al. 2019, k = {PRECISION_K}, each row's {n} samples against the same "
                f"{n} test images; fmnist_fd is the same samples' FD against all 10,000 test images",
        "rows": {k: merged[k] for k in [*jobs, *merged] if k in merged},
    }
    save_manifest(manifest, manifest_path)
    return rows


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DEFAULT_DIR, help="folder with the Fashion-MNIST idx(.gz) files")
    p.add_argument("--models", default=os.path.join(ROOT, "public", "models"), help="models folder with manifest.json")
    p.add_argument("--precision", action="store_true",
                   help="measure k-NN precision and recall instead (see above); writes only evaluation.precision_recall")
    p.add_argument("--samples", type=int, help=f"samples per draw (default 10000; with --precision {PRECISION_SAMPLES})")
    p.add_argument("--draws", type=int, default=DRAWS, help="independent draws per row (costly samplers: fewer)")
    p.add_argument("--only", nargs="*", help="evaluate only these rows (default: all whose model is in the manifest)")
    p.add_argument("--diffusion-steps", type=int,
                   help=f"DDIM steps of the 'diffusion' row (default {DIFFUSION_STEPS}; "
                        f"with --precision, of every diffusion row, default {PRECISION_STEPS})")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (1 is fastest with Debian's torch)")
    p.add_argument("--cache", default=os.path.join(ROOT, "bench", "tmp", "evaluate"),
                   help="folder where the diffusion rows keep their finished batches, so a stopped run resumes "
                        "('' for none)")
    p.add_argument("--shard", default="0/1", metavar="K/N",
                   help="diffusion rows only: compute every N-th batch from the K-th into --cache and stop "
                        "(run N shards side by side, one per core, then once without --shard to score)")
    p.add_argument("--grids", metavar="DIR", help="also write the first 100 images of each row's first draw as DIR/<row>.png")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    shard = tuple(int(v) for v in args.shard.split("/"))
    if len(shard) != 2 or not 0 <= shard[0] < shard[1] or (shard[1] > 1 and not args.cache):
        p.error("--shard wants K/N with 0 <= K < N, and a --cache to put the batches in")
    manifest_path = os.path.join(args.models, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    if args.precision:
        return precision_recall_rows(args, manifest_path, manifest, shard)
    args.samples = args.samples or 10000
    args.diffusion_steps = args.diffusion_steps or DIFFUSION_STEPS
    model = clf.load_from_onnx(os.path.join(args.models, "yardstick", "classifier.onnx"))

    test_x, test_y = load_fashion_mnist("t10k", args.data)
    train_x, _ = load_fashion_mnist("train", args.data)
    n = min(args.samples, len(test_x))
    _, ref = clf.predict(model, torch.from_numpy(test_x[:n].astype(np.float32) / 255).unsqueeze(1))
    rng = np.random.default_rng(0)
    rows = {}
    if shard[1] == 1:  # shards only sample
        real = [score(train_x[rng.choice(len(train_x), n, replace=False)].astype(np.float32) / 255, model, ref)
                for _ in range(args.draws)]
        rows["real"] = pooled(real, f"{n} training images against the test set (the floor)")
        print(f"real: {rows['real']}")
    for name, (model_id, make, passes, what) in SAMPLERS.items():
        if model_id not in manifest["models"] or (args.only and name not in args.only):
            continue
        t0 = time.time()
        if model_id == "diffusion":
            more = (args.cache, shard)
            sampler = make(args.models, manifest, args.diffusion_steps, *more) if name == "diffusion" else make(args.models, manifest, *more)
        elif shard[1] > 1:
            continue
        else:
            sampler = make(args.models, manifest)
        draws = []
        for seed in range(min(args.draws, SAMPLER_DRAWS.get(name, args.draws))):
            images, labels = sampler(n, torch.Generator().manual_seed(seed))
            if images is None:  # one shard's batches are done; the scoring run reads them all back
                continue
            draws.append(score(images, model, ref, labels))
            if args.grids and seed == 0:
                os.makedirs(args.grids, exist_ok=True)
                write_png(os.path.join(args.grids, f"{name}.png"), image_grid(images[:100]))
        if not draws:
            continue
        if name == "diffusion":
            passes, what = 2 * args.diffusion_steps, what.replace(f"DDIM {DIFFUSION_STEPS} ", f"DDIM {args.diffusion_steps} ")
        rows[name] = {**pooled(draws, f"{n} {what}" + (f", {len(draws)} draws" if len(draws) > 1 else ", one draw")),
                      "passes_per_image": passes}
        print(f"{name}: {rows[name]} ({time.time() - t0:.0f} s)", flush=True)
        if name == model_id:
            manifest["models"][name]["metrics"].update({k: rows[name][k] for k in (
                "fmnist_fd", "fmnist_fd_sd", "coverage", "min_class_share", "class_entropy_nats",
                "sharpness_laplacian_var", "class_accuracy") if k in rows[name]})
    if shard[1] > 1:
        print(f"shard {shard[0]}/{shard[1]} done; run again without --shard to score all batches")
        return rows
    merged = {**manifest.get("evaluation", {}).get("image_quality", {}).get("rows", {}), **rows}
    manifest["evaluation"] = {**manifest.get("evaluation", {}), "image_quality": {  # other blocks stay
        "command": "npm run evaluate",
        "classifier": "yardstick/classifier.onnx",
        "reference": f"Fashion-MNIST test set, first {n} images",
        # a real@N row (the floor at N images) stays only while a row measured on N images does
        "rows": {k: v for k, v in merged.items() if not k.startswith("real@") or any(
            r.get("samples") == v.get("samples") for name, r in merged.items() if not name.startswith("real"))},
    }}
    save_manifest(manifest, manifest_path)
    return rows


if __name__ == "__main__":
    main()
