#!/usr/bin/env python3
"""Reads a model directory written by Dendrite with the real `safetensors` package and rebuilds
the network in NumPy, to prove the files are standard.

    python3 Scripts/interop/check_dendrite_file.py <model directory> <inputs.json>

`inputs.json` is {"shape": [n, features], "data": [...]}. The script loads `model.safetensors`
with `safetensors.numpy.load_file` (which validates the header and offsets), reads the layer
list from `config.json`, runs the Dense/Activation layers in float32 NumPy, and prints
{"predictions": {"shape", "data"}, "tensors": {name: [shape, dtype]}, "metadata": {...}} as JSON.
"""
import json
import pathlib
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file


def activation(spec, x):
    name = spec if isinstance(spec, str) else spec["name"]
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, 0)
    if name == "leaky_relu":
        return np.where(x > 0, x, np.float32(spec["slope"]) * x)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise SystemExit(f"activation {name} is not rebuilt by this script")


def main():
    directory, inputs_path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    config = json.loads((directory / "config.json").read_text())
    weights = load_file(directory / "model.safetensors")
    with safe_open(directory / "model.safetensors", framework="numpy") as f:
        metadata = f.metadata()
    spec = json.loads(inputs_path.read_text())
    x = np.array(spec["data"], dtype=np.float32).reshape(spec["shape"])
    for layer in config["layers"]:
        kind, name, settings = layer["type"], layer["name"], layer["settings"]
        if kind == "Dense":
            x = x @ weights[f"{name}.kernel"]
            if settings["use_bias"]:
                x = x + weights[f"{name}.bias"]
            x = activation(settings["activation"], x)
        elif kind == "Activation":
            x = activation(settings["activation"], x)
        elif kind in ("InputLayer", "Dropout"):
            pass
        elif kind == "Flatten":
            x = x.reshape(x.shape[0], -1)
        else:
            raise SystemExit(f"layer type {kind} is not rebuilt by this script")
    print(json.dumps({
        "predictions": {"shape": list(x.shape), "data": [float(v) for v in x.astype(np.float32).reshape(-1)]},
        "tensors": {k: [list(v.shape), str(v.dtype)] for k, v in weights.items()},
        "metadata": metadata,
    }))


if __name__ == "__main__":
    main()
