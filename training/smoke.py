"""CI smoke run of every training script: tiny subset, few steps, export, parity check; then the metric and
float16-storage and wire-copy unit tests and the evaluation script (its table and its --precision rows) on the smoke models. Keeps the training code from rotting.

Writes into a temporary folder; the shipped models in public/models are not touched.

    /usr/bin/python3 -m training.smoke      # from the repository root; npm run test:train
"""
import json
import os
import sys
import tempfile
import unittest

from . import classifier, diffusion, evaluate, gan, nerf, png, study, transformer, vae

tests = unittest.defaultTestLoader.loadTestsFromNames(
    [f"{__package__}.{name}" for name in ("test_metrics", "test_float16", "test_png", "test_ngram", "test_wire")])
if not unittest.TextTestRunner(verbosity=1).run(tests).wasSuccessful():
    sys.exit("metric and float16 unit tests failed")

with tempfile.TemporaryDirectory() as out:
    entries = {"vae": vae.main(["--smoke", "--out", out]),
               "classifier": classifier.main(["--smoke", "--out", out]),
               "gan": gan.main(["--smoke", "--out", out]),
               "diffusion": diffusion.main(["--smoke", "--out", out]),
               "transformer": transformer.main(["--smoke", "--out", out]),
               "nerf": nerf.main(["--smoke", "--out", out])}
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    expected = {"vae": {"vae/decoder.onnx", "vae/encoder.onnx", "vae/extras.json"},
                "classifier": {"yardstick/classifier.onnx"},
                "gan": {"gan/generator.onnx", "gan/discriminator.onnx", "gan/extras.json"},
                "diffusion": {"diffusion/unet.onnx", "diffusion/schedule.json"},
                "transformer": {"transformer/gpt.onnx", "transformer/vocab.json", "transformer/attention.onnx"},
                "nerf": {"nerf/field.onnx", "nerf/occupancy.bin", "nerf/nerf.json"}}
    for name, paths in expected.items():
        files = manifest["models"][name]["files"]
        assert {f["path"] for f in files} == paths, files
        assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in files)
        parity = entries[name]["parity"]
        errs = parity["max_abs_err"].values() if isinstance(parity["max_abs_err"], dict) else [parity["max_abs_err"]]
        assert max(errs) <= parity["atol"], (name, parity)
    assert entries["transformer"]["metrics"]["val_loss_nats_per_char"] > 0, entries["transformer"]
    assert entries["nerf"]["metrics"]["test_psnr_db"] > 0, entries["nerf"]["metrics"]
    # the re-export path reads the smoke field back and must measure the same
    again = nerf.main(["--smoke", "--refresh", "--out", out])
    assert abs(again["metrics"]["test_psnr_db"] - entries["nerf"]["metrics"]["test_psnr_db"]) < 1e-3, again["metrics"]
    image = png.read_png(os.path.join(nerf.SCENE_DIR, "train", "r_0.png"))
    assert image.shape == (128, 128, 4) and 0 < image[..., 3].mean() < 255, image.shape
    rows = evaluate.main(["--models", out, "--samples", "500", "--draws", "2", "--diffusion-steps", "4", "--grids", out])
    assert set(rows) == {"real", "vae", "gan", "diffusion", "diffusion_ddim10"}, rows
    assert all(0 < r["coverage"] <= 1 and r["samples"] == 500 for r in rows.values()), rows
    assert rows["vae"]["draws"] == 2 and len(rows["vae"]["fmnist_fd_draws"]) == 2 and rows["vae"]["fmnist_fd_sd"] >= 0, rows["vae"]
    assert rows["diffusion"]["draws"] == 1 and "fmnist_fd_sd" not in rows["diffusion"], rows["diffusion"]
    assert png.read_png(os.path.join(out, "gan.png")).shape[:2] == (10 * 58 + 2, 10 * 58 + 2)
    assert 0 <= rows["diffusion"]["class_accuracy"] <= 1, rows["diffusion"]
    # --precision: k-NN precision/recall rows beside the table, which it must leave as it is
    table = json.load(open(os.path.join(out, "manifest.json")))["evaluation"]["image_quality"]
    precision_args = ["--models", out, "--precision", "--samples", "200", "--diffusion-steps", "2",
                      "--cache", os.path.join(out, "cache")]
    pr = evaluate.main(precision_args)
    assert set(pr) == {"real", "vae", "gan", "diffusion_w1", "diffusion_w3", "diffusion_w6"}, pr
    assert all(0 <= r["precision"] <= 1 and 0 <= r["recall"] <= 1 and r["fmnist_fd"] >= 0 and r["samples"] == 200
               for r in pr.values()), pr
    assert [pr[f"diffusion_w{w}"]["guidance"] for w in (1, 3, 6)] == [1, 3, 6], pr
    assert all(pr[f"diffusion_w{w}"]["steps"] == 2 and pr[f"diffusion_w{w}"]["passes_per_image"] == 4 for w in (1, 3, 6)), pr
    evaluation = json.load(open(os.path.join(out, "manifest.json")))["evaluation"]
    assert evaluation["image_quality"] == table and evaluation["precision_recall"]["rows"] == pr, evaluation
    assert evaluation["precision_recall"]["k"] == 3 and evaluation["precision_recall"]["samples"] == 200
    # a rerun (of two rows, the diffusion one from the cache) gives the same numbers and keeps the other rows
    again = evaluate.main(precision_args + ["--only", "gan", "diffusion_w3"])
    assert again == {k: pr[k] for k in ("gan", "diffusion_w3")}, (again, pr)
    assert json.load(open(os.path.join(out, "manifest.json")))["evaluation"]["precision_recall"]["rows"] == pr
    # the training study's runner: two runs per experiment at budgets of seconds, into a file of its own
    study_path = os.path.join(out, "study.json")
    kept = os.path.join(out, "kept")
    study.main(["--protocol", "smoke", "--out", study_path, "--jobs", "2", "--keep-models", kept])  # two processes share the runs
    written = json.load(open(study_path))
    assert len([f for f in os.listdir(kept) if f.endswith(".pt")]) == len([r for r in written["runs"] if r["model"] in ("vae", "gan", "diffusion")])
    assert written["protocol"]["name"] == "smoke" and written["protocol"]["equal_budgets"], written["protocol"]
    for experiment in ("data_amount", "poor_data", "training_time", "stability", "rare_class", "transformer_data", "nerf_views"):
        runs = [r for r in written["runs"] if experiment in r["experiments"]]
        assert len(runs) >= 2, (experiment, [r["id"] for r in runs])
    for r in written["runs"]:
        assert {"id", "model", "seed", "budget_s", "device", "data", "curve", "final", "train_cpu_s", "wall_s",
                "machine"} <= set(r), r["id"]
        assert "licence" in r["data"], r["id"]
        if r["model"] in ("vae", "gan", "diffusion"):
            assert r["curve"] and all(p["fmnist_fd"] > 0 for p in r["curve"]) and "collapsed" in r, r["id"]
            assert 0 <= r["final"]["precision"] <= 1 and r["final"]["memorisation_ratio"] > 0, r["id"]
            if "rare_class" in r["experiments"]:
                assert r["data"]["outliers"] > 0 and 0 <= r["final"]["outlier_share_many"] <= 1, r["id"]
    again = study.main(["--protocol", "smoke", "--out", study_path, "--resume"])
    assert again["runs"] == [], "a resumed study must skip the runs it has"
    print("training smoke run OK")
