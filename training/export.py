"""torch -> ONNX export with a checker pass and an output parity check through onnxruntime-web in Node.

Exported files store their large weights as float16 (training/float16.py), as the site ships them. The
parity check runs the exported file, widened back to float32 as the site does, in the same runtime the site
uses (onnxruntime-web, WASM backend, in Node) on fixed inputs and compares against torch with the same
weights rounded to float16. Tolerance: max |onnx - torch| <= PARITY_ATOL.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

import copy

import numpy as np
import onnx
import torch

from .float16 import MIN_ELEMENTS, halved_names, store_halved, widened_copy

# float32 convolutions summed in a different order differ by ~1e-6 on outputs of order 1; 1e-4 leaves room
# for models with a few more layers, and still catches any real mismatch (wrong op, wrong layout).
PARITY_ATOL = 1e-4
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export_onnx(module: torch.nn.Module, example_inputs: dict[str, torch.Tensor], output_names: list[str],
                path: str, dynamic_batch: bool = True, constant_folding: bool = True,
                dynamic_axes: dict | None = None, float16: bool = True) -> None:
    """Exports `module` (called with the example inputs in order) at opset 17, runs onnx's checker, then
    stores the large weights as float16 unless `float16` is off (the checker runs on the float32 graph: a
    stored file widens back to it).

    Axis 0 of every input and output is dynamic ("batch") unless `dynamic_batch` is off or `dynamic_axes`
    names the dynamic axes itself. Constant folding renames parameters it touches (group norm's scale and
    shift become onnx::Mul_N); turn it off where the file must read back into torch by parameter name.
    """
    module.eval()
    names = list(example_inputs)
    if dynamic_axes is None and dynamic_batch:
        dynamic_axes = {n: {0: "batch"} for n in names + output_names}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, tuple(example_inputs.values()), path, input_names=names,
                          output_names=output_names, opset_version=17, dynamic_axes=dynamic_axes,
                          do_constant_folding=constant_folding)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    if float16:
        store_halved(path)


def rounded_like(module: torch.nn.Module, names: list[str]) -> torch.nn.Module:
    """A copy of `module` whose parameters and buffers named in `names` are rounded to float16 and back: the
    torch twin of a file that stores those initializers as float16 (torch names = initializer names)."""
    if not names:
        return module
    twin = copy.deepcopy(module)
    state = twin.state_dict(keep_vars=True)
    missing = [n for n in names if n not in state]
    if missing:
        raise KeyError(f"float16 initializers with no torch parameter of that name: {missing[:5]}")
    with torch.no_grad():
        for n in names:
            state[n].copy_(state[n].half().float())
    return twin


def round_as_stored_(module: torch.nn.Module) -> list[str]:
    """Rounds, in place, the parameters and buffers that an export stores as float16 (the criterion of
    float16.is_stored_halved: float32, two or more dimensions, MIN_ELEMENTS values), so that what a script
    measures next is what it ships. Returns their names."""
    names = []
    with torch.no_grad():
        for name, t in module.state_dict(keep_vars=True).items():
            if t.dtype == torch.float32 and t.dim() >= 2 and t.numel() >= MIN_ELEMENTS:
                t.copy_(t.half().float())
                names.append(name)
    return names


def check_parity(module: torch.nn.Module, path: str, inputs: dict[str, torch.Tensor],
                 output_names: list[str], atol: float = PARITY_ATOL) -> float:
    """Runs the ONNX file in onnxruntime-web (Node, WASM) and torch on `inputs`; returns max abs error.

    A file with float16 weights runs widened to float32, against a copy of `module` with those weights
    rounded the same way. Raises if the error exceeds `atol` or if Node / onnxruntime-web is missing.
    """
    module = rounded_like(module, halved_names(path)).eval()
    with torch.no_grad():
        expected = module(*inputs.values())
    if isinstance(expected, torch.Tensor):
        expected = (expected,)
    with widened_copy(path) as runnable:
        return _parity_in_node(runnable, path, inputs, output_names, expected, atol)


def _parity_in_node(runnable: str, path: str, inputs: dict[str, torch.Tensor], output_names: list[str], expected,
                    atol: float) -> float:
    fixture = {
        "model": os.path.abspath(runnable),
        "atol": atol,
        "inputs": {k: {"dims": list(v.shape), "type": "int64" if v.dtype == torch.int64 else "float32",
                       "data": v.detach().reshape(-1).tolist()} for k, v in inputs.items()},
        "expected": {n: {"dims": list(t.shape), "data": t.detach().float().reshape(-1).tolist()}
                     for n, t in zip(output_names, expected)},
    }
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the parity check (onnxruntime-web runs in Node).")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(fixture, f)
        fixture_path = f.name
    try:
        proc = subprocess.run([node, os.path.join(ROOT, "training", "onnx_parity.mjs"), fixture_path],
                              capture_output=True, text=True, cwd=ROOT)
    finally:
        os.unlink(fixture_path)
    if proc.returncode != 0:
        raise RuntimeError(f"ONNX parity check failed for {path}:\n{proc.stdout}\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(result["max_abs_err"])


def count_params(module: torch.nn.Module) -> int:
    return int(sum(p.numel() for p in module.parameters()))


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()
