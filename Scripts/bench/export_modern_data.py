#!/usr/bin/env python3
"""Writes the exact W5, W6 and W7 arrays of the peers (``make_w5/6/7`` in their common.py) to raw files
that ``dendrite-bench workloads --modern-data DIR`` reads, so Dendrite trains on the same data, bit for bit.

    python3 Scripts/bench/export_modern_data.py [OUT_DIR]      # default .build/bench-data

PEERS (default ../shared/bench/peers next to the package root) points at the peers' folder, which is only
read. Every array is written C-ordered, little-endian: token ids and labels as int32, W7 images as float32
(NHWC, the peers' ``channels_last=True`` layout). ``manifest.json`` lists each file with its dtype, shape,
SHA-256 and first values, so a reader can check it got the peers' arrays. About 70 MB in all (W7's images
are 61 MB), a few seconds; nothing here is committed.
"""
import hashlib
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.environ.get("PEERS", os.path.join(ROOT, "..", "shared", "bench", "peers"))
sys.path.insert(0, PEERS)
import common  # noqa: E402  (the peers' workload definitions)


def write(folder, manifest, workload, name, array, dtype):
    data = np.ascontiguousarray(array.astype(dtype, copy=False)).astype(np.dtype(dtype).newbyteorder("<"))
    raw = data.tobytes()
    file_name = f"{workload.lower()}_{name}.bin"
    with open(os.path.join(folder, file_name), "wb") as f:
        f.write(raw)
    manifest.setdefault(workload, {})[name] = {
        "file": file_name, "dtype": np.dtype(dtype).name, "shape": list(data.shape),
        "sha256": hashlib.sha256(raw).hexdigest(), "first_values": data.reshape(-1)[:8].tolist(),
    }


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "bench-data")
    os.makedirs(folder, exist_ok=True)
    manifest = {"source": os.path.abspath(os.path.join(PEERS, "common.py")), "numpy": np.__version__}
    for workload, make in (("W5", common.make_w5), ("W6", common.make_w6)):
        x, y, x_test, y_test = make()
        write(folder, manifest, workload, "x_train", x, "int32")
        write(folder, manifest, workload, "y_train", y, "int32")
        write(folder, manifest, workload, "x_test", x_test, "int32")
        write(folder, manifest, workload, "y_test", y_test, "int32")
    x, y = common.make_w7(channels_last=True)
    write(folder, manifest, "W7", "x_train", x, "float32")
    write(folder, manifest, "W7", "y_train", y, "int32")
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote W5, W6, W7 arrays to {folder}")


if __name__ == "__main__":
    main()
