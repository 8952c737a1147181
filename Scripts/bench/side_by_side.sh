#!/usr/bin/env bash
# Runs the peers (PyTorch, Keras, scikit-learn) and Dendrite back to back on the same machine, then
# prints the ratio table of issue 6 (Dendrite against the best peer of the same run).
#
#   Scripts/bench/side_by_side.sh [results-dir]
#
# Needs: pip install torch keras "jax[cpu]" scikit-learn threadpoolctl (for the peers; a missing
# framework is skipped), and the peers' folder at ../shared/bench/peers (PEERS overrides it).
# Knobs: PEERS_ONLY (default "sklearn torch torch1 keras"), REPEATS (timed epochs for W2/W3, default 5).
# Every timed part takes the same flock (/tmp/bench.lock) as the peers' scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/bench/peers}"
OUT="${1:-$ROOT/.build/bench-$(date -u +%Y%m%dT%H%M%SZ)}"
REPEATS="${REPEATS:-5}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

cd "$ROOT"
swift build -c release --product dendrite-bench
BENCH="$ROOT/.build/release/dendrite-bench"

echo "### peers: ${PEERS_ONLY:-sklearn torch torch1 keras}"
PEERS_RESULTS_DIR="$OUT" PEERS_REPEATS="$REPEATS" PEERS_ONLY="${PEERS_ONLY:-sklearn torch torch1 keras}" \
  "$PEERS/run_all.sh" > "$OUT/peers.log" 2>&1 || echo "# some peer runs failed: see $OUT/peers.log"

echo "### peak memory of W2 (whole process, GNU time): torch and Dendrite"
( cd "$PEERS" && flock /tmp/bench.lock /usr/bin/time -f "%M" -o "$OUT/torch_w2_maxrss_kib.txt" \
    python3 bench_torch.py --workloads W2 --repeats 1 --name torch_w2_memory > /dev/null 2>&1 ) \
  || echo "# torch W2 memory run failed"

echo "### Dendrite"
"$BENCH" workloads --repeats "$REPEATS" --peers-data "$PEERS/data" --json "$OUT/dendrite.json" > "$OUT/dendrite.log"
"$BENCH" gemm --json "$OUT/dendrite_gemm.json" > "$OUT/gemm.log" || echo "# gemm benchmark failed"

python3 "$ROOT/Scripts/bench/ratio_table.py" "$OUT" | tee "$OUT/ratios.md"
