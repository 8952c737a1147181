#!/usr/bin/env python3
"""Prints the target table of issues 6 and 14: Dendrite against the best peer measured in the same results folder.

    python3 Scripts/bench/ratio_table.py RESULTS_DIR

RESULTS_DIR holds the peers' <framework>.json files (shared/bench/peers layout), dendrite.json from
`dendrite-bench workloads --json`, optionally dendrite_1thread.json (`--threads 1 --name dendrite_1thread`,
for the 1 → 2 thread speed-up table) and torch_w2_maxrss_kib.txt (GNU time's peak RSS of PyTorch's W2 run).
"""
import json
import os
import sys


def load(folder):
    runs = {}
    for name in os.listdir(folder):
        if name.endswith(".json") and not name.startswith("gemm") and name != "dendrite_gemm.json":
            with open(os.path.join(folder, name)) as f:
                try:
                    document = json.load(f)
                except json.JSONDecodeError:
                    continue
            if "workloads" in document:
                runs[document.get("framework", name[:-5]) if name != "torch_1thread.json" else "torch_1thread"] = document["workloads"]
    return runs


def best(runs, workload, key, lower_is_better):
    values = [(w[workload][key], name) for name, w in runs.items()
              if not name.startswith("dendrite") and workload in w and w[workload].get(key) is not None]
    if not values:
        return None, None
    return min(values) if lower_is_better else max(values)


def main():
    folder = sys.argv[1]
    runs = load(folder)
    mine = runs.get("dendrite", {})
    rows = []

    def row(label, workload, key, lower, target, target_text, absolute=None):
        """One comparison; `target` None (and no `absolute`) makes an informative row without a status."""
        if workload not in mine or key not in mine[workload]:
            rows.append((label, "-", "-", "-", target_text, "not measured"))
            return
        value = mine[workload][key]
        peer, peer_name = best(runs, workload, key, lower)
        ratio = value / peer if peer else None
        if absolute is not None:
            status = "met" if value <= absolute else "NOT met"
        elif target is None:
            status = "-"
        else:
            status = "met" if ratio is not None and (ratio <= target if lower else ratio >= target) else "NOT met"
        rows.append((label, f"{value:,.4g}", f"{peer:,.4g} ({peer_name})" if peer else "-",
                     f"{ratio:.3f}" if ratio else "-", target_text, status))

    row("W1 training time s", "W1", "train_time_s_median", True, 0.1, "≤ 0.1 × best")
    row("W2 train samples/s", "W2", "train_samples_per_s", False, 1.3, "≥ 1.3 × best")
    row("W2 predict(1) latency µs", "W2", "predict1_latency_us_median", True, None, "≤ 10 µs", absolute=10)
    row("W2 inference samples/s (b=1024)", "W2", "infer_samples_per_s", False, 1.2, "≥ 1.2 × best")
    row("W3 train samples/s", "W3", "train_samples_per_s", False, 1.5, "≥ 1.5 × best")
    row("W4 training time s", "W4", "train_time_s_median", True, 0.2, "≤ 0.2 × best")
    # The modern workloads (issue 14): only rows whose workload Dendrite ran (MODERN=0 skips them).
    names = {"W5": "W5 LSTM", "W6": "W6 Transformer", "W7": "W7 ResNet"}
    for workload in (w for w in ("W5", "W6", "W7") if w in mine):
        row(f"{names[workload]} train samples/s", workload, "train_samples_per_s", False, 1.5, "≥ 1.5 × best")
    for workload in (w for w in ("W5", "W6") if w in mine):
        row(f"{names[workload]} inference samples/s (b=256)", workload, "infer_samples_per_s", False, None, "(none)")
        row(f"{names[workload]} predict(1) latency µs", workload, "predict1_latency_us_median", True, None, "(none)")

    memory_file = os.path.join(folder, "torch_w2_maxrss_kib.txt")
    if "W2" in mine and "peak_rss_mib" in mine["W2"] and os.path.exists(memory_file):
        with open(memory_file) as f:
            torch_mib = int(f.read().strip().splitlines()[-1]) / 1024
        ratio = mine["W2"]["peak_rss_mib"] / torch_mib
        rows.append(("W2 peak RSS MiB", f"{mine['W2']['peak_rss_mib']:.0f}", f"{torch_mib:.0f} (torch)",
                     f"{ratio:.3f}", "≤ 0.5 × torch", "met" if ratio <= 0.5 else "NOT met"))

    print("| target | Dendrite | best peer | ratio | target | status |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    for workload, key in (("W1", "test_acc_median"), ("W4", "test_acc_median"), ("W2", "test_acc_after_1_epoch"),
                          ("W5", "test_acc"), ("W6", "test_acc")):
        if workload in mine and key in mine[workload]:
            print(f"\n{workload} {key}: Dendrite {mine[workload][key]}", end="")
            peer, name = best(runs, workload, key, False)
            if peer is not None:
                print(f" (best peer {peer}, {name})", end="")
    print()
    speedups(runs)


def speedups(runs):
    """Issue 14's 1 → 2 thread speed-up of training per workload, Dendrite beside PyTorch, when both
    thread counts of a framework are in the folder."""
    pairs = [(two, one) for two, one in (("dendrite", "dendrite_1thread"), ("torch", "torch_1thread"))
             if two in runs and one in runs]
    if not pairs:
        return
    print("\n| workload | " + " | ".join(f"{two} 2 threads / 1 thread" for two, _ in pairs) + " |")
    print("|---|" + "---|" * len(pairs))
    for workload in ("W1", "W2", "W3", "W4", "W5", "W6", "W7"):
        cells = []
        for two, one in pairs:
            a, b = runs[two].get(workload, {}), runs[one].get(workload, {})
            if a.get("train_samples_per_s") and b.get("train_samples_per_s"):
                cells.append(f"{a['train_samples_per_s'] / b['train_samples_per_s']:.2f}")
            elif a.get("train_time_s_median") and b.get("train_time_s_median"):
                cells.append(f"{b['train_time_s_median'] / a['train_time_s_median']:.2f}")
            else:
                cells.append("-")
        if any(c != "-" for c in cells):
            print(f"| {workload} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
