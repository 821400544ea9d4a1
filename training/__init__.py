"""The playground's training code, one package: each script is a module run from the repository root,

    /usr/bin/python3 -m training.vae --smoke --out /tmp/vae-smoke
    node training/run-python.mjs -m training.vae --smoke --out /tmp/vae-smoke   # finds the Python with torch
    npm run train:vae -- --smoke --out /tmp/vae-smoke                            # the same

and the modules import each other relatively (from .data import load_fashion_mnist).
"""
