#!/usr/bin/env bash
# Runs the peers (PyTorch, Keras, scikit-learn) and Dendrite back to back on the same machine, then
# prints the ratio table of issues 6 and 14 (Dendrite against the best peer of the same run).
#
#   Scripts/bench/side_by_side.sh [results-dir]
#
# Needs: pip install torch keras "jax[cpu]" scikit-learn threadpoolctl (for the peers; a missing
# framework is skipped), and the peers' folder at ../shared/bench/peers (PEERS overrides it).
# Knobs: PEERS_ONLY (default "sklearn torch torch1 keras", plus "torch_modern torch1_modern keras_modern"
# with the modern workloads), REPEATS (timed epochs for W2/W3, default 5), MODERN (1, the default: also
# the modern workloads W5 LSTM, W6 Transformer, W7 ResNet, ~10 min for the peers; 0: W1-W4 only),
# REPEATS_MODERN (timed epochs for W5-W7, default 3), BENCH_DATA (where the W5-W7 arrays are exported,
# default .build/bench-data), ONE_THREAD (1: Dendrite once more with --threads 1, for the 1 -> 2 thread
# speed-up table; default 0). Every timed part takes the same flock (/tmp/bench.lock) as the peers' scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/bench/peers}"
OUT="${1:-$ROOT/.build/bench-$(date -u +%Y%m%dT%H%M%SZ)}"
REPEATS="${REPEATS:-5}"
MODERN="${MODERN:-1}"
REPEATS_MODERN="${REPEATS_MODERN:-3}"
BENCH_DATA="${BENCH_DATA:-$ROOT/.build/bench-data}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

if [ "$MODERN" = 1 ]; then
  DEFAULT_PEERS="sklearn torch torch1 keras torch_modern torch1_modern keras_modern"
  WORKLOADS="W1,W2,W3,W4,W5,W6,W7"
  # The peers' exact W5-W7 arrays (numpy generators of their common.py), read by dendrite-bench.
  PEERS="$PEERS" python3 "$ROOT/Scripts/bench/export_modern_data.py" "$BENCH_DATA"
else
  DEFAULT_PEERS="sklearn torch torch1 keras"
  WORKLOADS="W1,W2,W3,W4"
fi
PEERS_ONLY="${PEERS_ONLY:-$DEFAULT_PEERS}"

cd "$ROOT"
swift build -c release --product dendrite-bench
BENCH="$ROOT/.build/release/dendrite-bench"

echo "### peers: $PEERS_ONLY"
PEERS_RESULTS_DIR="$OUT" PEERS_REPEATS="$REPEATS" PEERS_REPEATS_MODERN="$REPEATS_MODERN" PEERS_ONLY="$PEERS_ONLY" \
  "$PEERS/run_all.sh" > "$OUT/peers.log" 2>&1 || echo "# some peer runs failed: see $OUT/peers.log"

echo "### peak memory of W2 (whole process, GNU time): torch and Dendrite"
( cd "$PEERS" && flock /tmp/bench.lock /usr/bin/time -f "%M" -o "$OUT/torch_w2_maxrss_kib.txt" \
    python3 bench_torch.py --workloads W2 --repeats 1 --name torch_w2_memory > /dev/null 2>&1 ) \
  || echo "# torch W2 memory run failed"

echo "### Dendrite: $WORKLOADS"
"$BENCH" workloads --workloads "$WORKLOADS" --repeats "$REPEATS" --modern-repeats "$REPEATS_MODERN" \
  --peers-data "$PEERS/data" --modern-data "$BENCH_DATA" --json "$OUT/dendrite.json" > "$OUT/dendrite.log"
if [ "${ONE_THREAD:-0}" = 1 ]; then
  echo "### Dendrite, 1 thread: $WORKLOADS"
  "$BENCH" workloads --workloads "$WORKLOADS" --repeats "$REPEATS" --modern-repeats "$REPEATS_MODERN" --threads 1 \
    --name dendrite_1thread --peers-data "$PEERS/data" --modern-data "$BENCH_DATA" \
    --json "$OUT/dendrite_1thread.json" > "$OUT/dendrite_1thread.log"
fi
"$BENCH" gemm --json "$OUT/dendrite_gemm.json" > "$OUT/gemm.log" || echo "# gemm benchmark failed"

python3 "$ROOT/Scripts/bench/ratio_table.py" "$OUT" | tee "$OUT/ratios.md"
