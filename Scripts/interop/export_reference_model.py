#!/usr/bin/env python3
"""Reference weights written by the real `safetensors` package, for Dendrite's interop tests.

Writes into Tests/DendriteTests/Fixtures/interop/:

* torch_mlp.safetensors — a PyTorch MLP 4 → Linear(8) → leaky_relu(0.2) → Linear(3) → softmax,
  saved with `safetensors.torch.save_file`. The tensors carry Dendrite's names and Keras' layout
  (`dense.kernel` is the transposed `nn.Linear.weight`, shape [in, out]; `dense.bias`; `dense_1.…`).
* torch_mlp.json — {"inputs": {"shape", "data"}, "outputs": {"shape", "data"}}: five input rows and
  PyTorch's float32 outputs for them.
* dtypes.safetensors — one tensor each of F16, BF16 and F64 (saved with `safetensors.numpy` /
  `safetensors.torch`), and dtypes.json with their values as float32, to test conversion on read.

Deterministic (fixed seeds). To regenerate, from the package root:

    pip install torch safetensors numpy
    python3 Scripts/interop/export_reference_model.py
"""
import json
import pathlib

import numpy as np
import torch
from safetensors.torch import save_file

OUT = pathlib.Path(__file__).resolve().parents[2] / "Tests/DendriteTests/Fixtures/interop"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(7)
    hidden, output = torch.nn.Linear(4, 8), torch.nn.Linear(8, 3)
    inputs = torch.randn(5, 4, generator=torch.Generator().manual_seed(11))
    with torch.no_grad():
        outputs = torch.softmax(output(torch.nn.functional.leaky_relu(hidden(inputs), 0.2)), dim=-1)
    tensors = {
        "dense.kernel": hidden.weight.detach().t().contiguous(),
        "dense.bias": hidden.bias.detach().clone(),
        "dense_1.kernel": output.weight.detach().t().contiguous(),
        "dense_1.bias": output.bias.detach().clone(),
    }
    save_file(tensors, OUT / "torch_mlp.safetensors", metadata={"source": "PyTorch " + torch.__version__})

    def values(t):
        return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}

    (OUT / "torch_mlp.json").write_text(json.dumps({"inputs": values(inputs), "outputs": values(outputs)}, indent=1) + "\n")

    # Values exactly representable in each dtype, so the float32 expectations are exact.
    half = torch.tensor([[0.5, -2.0, 65504.0], [6.103515625e-05, 5.960464477539063e-08, -0.0]], dtype=torch.float16)
    bfloat = torch.tensor([1.0, -3.5, 0.0078125, 3.3895313892515355e38], dtype=torch.bfloat16)
    double = torch.tensor([0.1, -1e-3, 12345.678], dtype=torch.float64)
    save_file({"half": half, "bfloat": bfloat, "double": double}, OUT / "dtypes.safetensors")
    expected = {name: values(t.to(torch.float32)) for name, t in [("half", half), ("bfloat", bfloat), ("double", double)]}
    (OUT / "dtypes.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()
