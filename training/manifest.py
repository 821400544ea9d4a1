"""Writes one model's entry into public/models/manifest.json (files with bytes and sha256, graph I/O, ...)."""
from __future__ import annotations

import hashlib
import json
import os

import onnx

from .data import FASHION_MNIST_INFO
from .export import PARITY_ATOL
from .float16 import STORAGE_NOTE, halved_names
from .wire import wire_entry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MANIFEST = os.path.join(ROOT, "public", "models", "manifest.json")

_ELEM = {1: "float32", 6: "int32", 7: "int64", 9: "bool", 10: "float16"}


def save_manifest(manifest: dict, manifest_path: str) -> None:
    """Writes the manifest as every script does: two-space JSON, a newline at the end."""
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def file_entry(path: str, models_dir: str) -> dict:
    """Path, bytes and sha256 of a shipped file; an ONNX file with float16 weights also says so (`storage`);
    a file that travels compressed gets its copy written beside it and says where (`wire`, training/wire.py)."""
    data = open(path, "rb").read()
    entry = {"path": os.path.relpath(path, models_dir).replace(os.sep, "/"), "bytes": len(data),
             "sha256": hashlib.sha256(data).hexdigest()}
    if path.endswith(".onnx") and halved_names(path):
        entry["storage"] = STORAGE_NOTE
    wire = wire_entry(path, models_dir)
    if wire:
        entry["wire"] = wire
    return entry


def graph_io(path: str) -> dict:
    """Inputs and outputs of an ONNX graph: name, element type, shape (symbolic dims as their names)."""
    g = onnx.load(path).graph
    init = {i.name for i in g.initializer}

    def describe(v):
        dims = [d.dim_param if d.dim_param else d.dim_value for d in v.type.tensor_type.shape.dim]
        return {"name": v.name, "type": _ELEM.get(v.type.tensor_type.elem_type, "other"), "shape": dims}
    return {"inputs": [describe(v) for v in g.input if v.name not in init],
            "outputs": [describe(v) for v in g.output]}


def parity_record(max_abs_err) -> dict:
    """The manifest's `parity` block: max abs error of the ONNX file in onnxruntime-web (Node, wasm) vs torch."""
    return {"runtime": "onnxruntime-web (Node, wasm)", "atol": PARITY_ATOL, "max_abs_err": max_abs_err}


def fashion_mnist_entry(kind: str, title: str, params: dict, config: dict, training: dict, metrics: dict,
                        parity, roles: dict) -> dict:
    """The manifest entry of a model we trained on Fashion-MNIST: its licences, the dataset, and the parity
    figure (max abs error) measured in onnxruntime-web (Node, wasm) against torch."""
    return {"kind": kind, "title": title, "params": params, "config": config, "dataset": FASHION_MNIST_INFO,
            "licence": {"model": "MIT (trained by this project)", "data": "MIT (Fashion-MNIST)"},
            "training": training, "metrics": metrics,
            "parity": parity_record(parity),
            "roles": roles}


def update_metrics(model_id: str, metrics: dict, models_dir: str | None = None) -> dict:
    """Merges `metrics` into manifest['models'][model_id]['metrics'] (other keys stay); returns the entry."""
    manifest_path = os.path.join(models_dir or os.path.dirname(MANIFEST), "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    entry = manifest["models"][model_id]
    entry["metrics"].update(metrics)
    save_manifest(manifest, manifest_path)
    return entry


def write_model_entry(model_id: str, entry: dict, files: list[str], models_dir: str | None = None,
                      manifest_path: str | None = None) -> dict:
    """Adds/replaces manifest['models'][model_id]; `files` are absolute paths under models_dir."""
    models_dir = models_dir or os.path.dirname(MANIFEST)
    manifest_path = manifest_path or os.path.join(models_dir, "manifest.json")
    manifest = {"version": 1, "models": {}}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            manifest = json.load(f)
    entry = dict(entry)
    entry["files"] = [dict(file_entry(p, models_dir), **({"graph": graph_io(p)} if p.endswith(".onnx") else {}))
                      for p in files]
    manifest["models"][model_id] = entry
    save_manifest(manifest, manifest_path)
    return manifest
