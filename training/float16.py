"""float16 storage for the shipped ONNX files: half the bytes on the wire, a standard ONNX model all the same.

Every weight matrix, convolution kernel, embedding and grid (an initializer with at least two dimensions and
MIN_ELEMENTS values) is stored as float16 (TensorProto data type 10, raw little-endian halves) under its name
plus HALF_SUFFIX, and one Cast node at the head of the graph widens it back to float32 under its own name, so
the ops that read it are untouched. Vectors — biases, norm scales and shifts, running statistics,
spectral-norm vectors — and every integer tensor (shapes, axes) stay as they are: they are a few kilobytes and
some must be exact. Widening is exact: every half is a float32.

Why Casts (issue 36's spike, onnxruntime-web 1.30 in Chromium on SwiftShader, every shipped file): stock
onnxruntime opens these files on its wasm backend, on its webgpu backend and on the webgpu bundle's wasm
backend, with outputs bit-equal to the widened float32 file on wasm (webgpu within 1.4e-4, its own
arithmetic); the earlier form (float16 fed straight into float32 ops) opened in none of them. Our own
ONNX reader folds each Cast of an initializer at load (src/engines/onnx/onnx-reader.ts).

    /usr/bin/python3 -m training.float16           # converts the shipped files in place, updates the manifest
    npm run models:float16                         # the same
    /usr/bin/python3 -m training.float16 --fixture # rewrites the unit tests' small fixture files

training/export.py stores new exports this way, so a retrained model ships in the same format.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "public", "models")
FIXTURES = os.path.join(ROOT, "src", "engines", "onnx", "fixtures")
# Tensors smaller than this stay float32: they save little and are mostly vectors anyway.
MIN_ELEMENTS = 1024
# Tensors kept float32 although they qualify, by file (relative to the models folder): none needed so far
# (each model's metrics on the float16 file stay within 1 % of float32's; see the manifest).
KEEP_FLOAT32: dict[str, set[str]] = {}
STORAGE_NOTE = "float16 weights, each widened to float32 by a Cast node in the graph"
# The stored name of a halved initializer; the Cast's output keeps the original name.
HALF_SUFFIX = ".float16"
FLOAT16_MAX = float(np.finfo(np.float16).max)


def is_stored_halved(t: TensorProto, keep: set[str] = frozenset()) -> bool:
    """Whether `halve` turns this initializer into float16: a float32 matrix/kernel/grid that fits the range."""
    return (t.data_type == TensorProto.FLOAT and len(t.dims) >= 2 and int(np.prod(t.dims)) >= MIN_ELEMENTS
            and t.name not in keep and t.data_location != TensorProto.EXTERNAL)


def _widening_cast(name: str) -> onnx.NodeProto:
    return helper.make_node("Cast", [name + HALF_SUFFIX], [name], to=TensorProto.FLOAT, name=f"widen {name}")


def original_name(stored: str) -> str:
    """The name the graph uses for a stored initializer (without HALF_SUFFIX)."""
    return stored[: -len(HALF_SUFFIX)] if stored.endswith(HALF_SUFFIX) else stored


def halve(model: onnx.ModelProto, keep: set[str] = frozenset()) -> list[str]:
    """Stores the model's large float32 initializers as float16 behind a widening Cast, in place; returns their
    names. A float16 initializer that feeds float32 ops directly (this module's earlier form) gets its Cast too.

    Raises if a value lies beyond float16's range (it would turn into infinity): keep that tensor float32.
    """
    names = []
    for t in model.graph.initializer:
        if t.data_type == TensorProto.FLOAT16 and not t.name.endswith(HALF_SUFFIX):
            names.append(t.name)
            t.name += HALF_SUFFIX
        elif is_stored_halved(t, keep):
            a = numpy_helper.to_array(t)
            if np.abs(a).max(initial=0) > FLOAT16_MAX:
                raise ValueError(f"{t.name}: |value| up to {np.abs(a).max():g} does not fit float16; add it to KEEP_FLOAT32")
            names.append(t.name)
            t.CopyFrom(numpy_helper.from_array(a.astype(np.float16), t.name + HALF_SUFFIX))
    nodes = [_widening_cast(n) for n in names] + list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return names


def widen(model: onnx.ModelProto) -> list[str]:
    """The inverse of `halve`, in place: every float16 initializer back to float32 under its graph name and its
    Cast removed (exact). Returns the names."""
    names = []
    for t in model.graph.initializer:
        if t.data_type == TensorProto.FLOAT16:
            name = original_name(t.name)
            t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float32), name))
            names.append(name)
    keep = [n for n in model.graph.node
            if not (n.op_type == "Cast" and len(n.input) == 1 and n.input[0].endswith(HALF_SUFFIX))]
    del model.graph.node[:]
    model.graph.node.extend(keep)
    return names


def halved_names(path: str) -> list[str]:
    """Graph names of the float16 initializers in an ONNX file."""
    return [original_name(t.name) for t in onnx.load(path).graph.initializer if t.data_type == TensorProto.FLOAT16]


def float32_initializers(path: str) -> dict[str, np.ndarray]:
    """Every initializer of an ONNX file by name, float16 ones widened to float32 (for the torch loaders)."""
    out = {}
    for t in onnx.load(path).graph.initializer:
        a = numpy_helper.to_array(t)
        out[original_name(t.name)] = (a.astype(np.float32) if a.dtype == np.float16 else a).copy()
    return out


@contextlib.contextmanager
def widened_copy(path: str):
    """A float32 copy of an ONNX file, without the widening Casts (to compare a stored file with its float32 twin).

    Yields `path` itself when nothing in it is float16.
    """
    model = onnx.load(path)
    if not widen(model):
        yield path
        return
    fd, tmp = tempfile.mkstemp(suffix=".onnx")
    os.close(fd)
    try:
        onnx.save(model, tmp)
        yield tmp
    finally:
        os.unlink(tmp)


def store_halved(path: str, keep: set[str] = frozenset()) -> list[str]:
    """Converts one file in place (idempotent: a file already converted is left unchanged); onnx's checker
    then passes on the stored file as it is."""
    model = onnx.load(path)
    names = halve(model, keep)
    if names:
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, path)
    return names


def write_fixture(out_dir: str = FIXTURES) -> None:
    """Three small files for src/engines/onnx/float16.test.ts, made by this module so the TypeScript widening is
    checked against ours: `gemm.f32.onnx` (a Gemm, float32 weights with awkward values), `gemm.f16.onnx` (the
    same after `halve`: float16 behind a Cast), `gemm.widened.onnx` (that after `widen`, whose weights the ONNX
    reader must give for `gemm.f16.onnx`, bit for bit).
    """
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(16)
    w = rng.normal(0, 0.5, (32, 40)).astype(np.float32)
    # values where float16 rounds, underflows to subnormals or zero, and its extremes
    w.flat[:12] = [0.1, 1 / 3, -0.0, 65504.0, -65504.0, 6.1e-5, 6.0e-8, 3.0e-8, 1e-9, -2.5e-6, 2049.0, 1 + 2 ** -11]
    b = rng.normal(0, 0.1, (32,)).astype(np.float32)
    shape = np.array([1, 32], dtype=np.int64)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w", "b"], ["y0"], transB=1),
         helper.make_node("Reshape", ["y0", "shape"], ["y"])],
        "gemm", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 40])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 32])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"), numpy_helper.from_array(shape, "shape")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="training/float16.py")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(out_dir, "gemm.f32.onnx"))
    assert halve(model) == ["w"], "the fixture's weight matrix is the one tensor stored as float16"
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(out_dir, "gemm.f16.onnx"))
    widen(model)
    onnx.save(model, os.path.join(out_dir, "gemm.widened.onnx"))
    print(f"wrote {out_dir}/gemm.{{f32,f16,widened}}.onnx")


def keep_float32_reference(metrics: dict) -> None:
    """Copies a model's numeric metrics, measured on its float32 files, to metrics['float32_reference'] (once),
    so that re-measuring the float16 files (which overwrites the metrics) leaves both side by side."""
    if "float32_reference" not in metrics:
        metrics["float32_reference"] = {k: v for k, v in metrics.items()
                                        if isinstance(v, (int, float)) and not isinstance(v, bool)}


def convert_shipped(models_dir: str = MODELS) -> dict:
    """Converts every .onnx file the manifest lists, in place, and rewrites its bytes, sha256 and storage note.

    The first conversion of a model also keeps its float32 metrics (`keep_float32_reference`); measure it
    again afterwards (see README: training/evaluate.py and each script's --evaluate-only).
    """
    from .manifest import file_entry, save_manifest  # here, not at the top: manifest imports export, which imports this module
    manifest_path = os.path.join(models_dir, "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    for model in manifest["models"].values():
        for i, entry in enumerate(model["files"]):
            if not entry["path"].endswith(".onnx"):
                continue
            path = os.path.join(models_dir, entry["path"])
            before = os.path.getsize(path)
            names = store_halved(path, KEEP_FLOAT32.get(entry["path"], set()))
            if names:
                keep_float32_reference(model["metrics"])
            # "wire" comes afresh from file_entry, or not at all where the new file no longer travels compressed
            model["files"][i] = {**{k: v for k, v in entry.items() if k != "wire"}, **file_entry(path, models_dir)}
            print(f"{entry['path']}: {before} -> {os.path.getsize(path)} bytes ({len(names)} tensors halved now, "
                  f"{len(halved_names(path))} float16 in all)")
    save_manifest(manifest, manifest_path)
    return manifest


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=MODELS, help="models folder with manifest.json")
    p.add_argument("--fixture", action="store_true", help="only rewrite the unit tests' fixture files")
    args = p.parse_args(argv)
    if args.fixture:
        write_fixture()
    else:
        convert_shipped(args.models)


if __name__ == "__main__":
    main()
