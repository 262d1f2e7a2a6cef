#!/usr/bin/env bash
# Measures every recurrent cell on the imdb and large workloads, training and inference, in one
# sitting: ROUNDS rounds over every configuration and cell (round-major, then configuration, the
# cells alternating within it, so that outside load hits one run of many cells rather than every run
# of one), one JVM process at a time under the benchmarks' lock, each appending one JSON line to OUT;
# then prints the variants' table (recurrent-bench/variants.py): each cell's samples/s beside its
# family's plain cell (lstm or gru) in the same conditions.
#
#   recurrent-bench/variants.sh
#
# Knobs: ROUNDS (3), CELLS (every cell of `recurrent bench --cell`), CONFIGS ("imdb:train imdb:infer
# large:train large:infer"), HARNESS_ARGS (the peers' protocol: 5 repeats of about 5 s after a 10 s
# warm-up), OUT, TAG; JAVA_HOME chooses the JDK (see ./recurrent). Each process runs with -Xmx4g, as
# in side-by-side.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
CELLS=${CELLS:-"lstm peephole cifg layer_norm_lstm projected_lstm gru gru_reset_before mgu layer_norm_gru"}
CONFIGS=${CONFIGS:-"imdb:train imdb:infer large:train large:infer"}
HARNESS_ARGS=${HARNESS_ARGS:-"--repeats 5 --warmup-sec 10 --repeat-sec 5"}
OUT=${OUT:-$root/runs/variants-$(date +%Y%m%d-%H%M).jsonl}
TAG=${TAG:-variants}
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

"$root/recurrent" --version >/dev/null      # builds first if the sources changed
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    workload=${config%%:*} mode=${config##*:}
    for cell in $CELLS; do
      echo "=== round $round: $cell $workload $mode"
      RECURRENT_JAVA_OPTS="-Xmx4g" flock /tmp/bench.lock "$root/recurrent" bench --cell "$cell" --workload "$workload" \
        --mode "$mode" $HARNESS_ARGS --tag "$TAG" --out "$OUT" | grep -E '^RESULT|warm-up:' \
        || echo "!!! $cell $workload $mode failed"
    done
  done
done
echo "results: $OUT"
python3 "$root/recurrent-bench/variants.py" "$OUT"
