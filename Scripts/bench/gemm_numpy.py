#!/usr/bin/env python3
"""Float32 GEMM GFLOP/s of numpy (OpenBLAS), the reference for `dendrite-bench gemm`.

Same method as shared/bench/peers/gemm.py: one warm-up call, then timed calls until both
--min-reps and --budget seconds are reached; 1 thread via threadpoolctl, more threads likewise.
Transposed operands are numpy transposed views, which OpenBLAS reads in place (no copy).

Input: --shapes "name:m:n:k:ta:tb,..." (ta/tb 0 or 1). Output: one JSON object on stdout,
{"openblas": [...threadpoolctl info...], "results": [{"name", "threads", "best_gflops",
"median_gflops", "reps"}, ...]}.
Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (dendrite-bench does).
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def parse_shapes(text):
    shapes = []
    for item in text.split(","):
        name, m, n, k, ta, tb = item.split(":")
        shapes.append((name, int(m), int(n), int(k), ta == "1", tb == "1"))
    return shapes


def operands(rng, m, n, k, ta, tb):
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    return (a.T if ta else a), (b.T if tb else b)


def bench(fn, macs, min_reps, budget):
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 1000:
            break
    flops = 2.0 * macs / 1e9
    return flops / min(times), flops / statistics.median(times), len(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--min-reps", type=int, default=5)
    ap.add_argument("--budget", type=float, default=1.0, help="seconds per shape and thread count")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    results = []
    for threads in [int(t) for t in args.threads.split(",")]:
        with threadpool_limits(limits=threads, user_api="blas"):
            for name, m, n, k, ta, tb in parse_shapes(args.shapes):
                a, b = operands(rng, m, n, k, ta, tb)
                out = np.empty((m, n), dtype=np.float32)
                best, median, reps = bench(lambda: np.matmul(a, b, out=out), m * n * k, args.min_reps, args.budget)
                results.append({"name": name, "threads": threads, "best_gflops": round(best, 2),
                                "median_gflops": round(median, 2), "reps": reps})
    info = [{key: (os.path.basename(value) if key == "filepath" else value) for key, value in entry.items()}
            for entry in threadpool_info()]
    print(json.dumps({"numpy": np.__version__, "openblas": info, "results": results}))


if __name__ == "__main__":
    main()
