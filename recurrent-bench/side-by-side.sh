#!/usr/bin/env bash
# Measures Recurrent beside DJL/PyTorch and DL4J on the four reference workloads, in one sitting:
# ROUNDS rounds over every configuration (round-major, so a burst of outside load hits one run of
# many configurations rather than every run of one), one JVM process at a time under the peers'
# lock, each appending one JSON line to OUT; then prints the side-by-side table.
#
#   PEERS_DIR=/path/to/peers recurrent-bench/side-by-side.sh
#
# PEERS_DIR is a built copy of shared/bench/peers (there: mvn -B clean package -DskipTests).
# Knobs: ROUNDS (3), PEERS ("recurrent djl dl4j"), CONFIGS, HARNESS_ARGS (the peers' protocol:
# 5 repeats of about 5 s after a 10 s warm-up), OUT, TAG. Recurrent runs through ./recurrent with
# -Xmx4g, the heap limit the peers get.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PEERS_DIR=$(cd "${PEERS_DIR:?set PEERS_DIR to a built copy of shared/bench/peers}" && pwd)
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-"recurrent djl dl4j"}
CONFIGS=${CONFIGS:-"imdb:train imdb:infer addition:train shampoo:train large:train large:infer"}
HARNESS_ARGS=${HARNESS_ARGS:-"--repeats 5 --warmup-sec 10 --repeat-sec 5"}
OUT=${OUT:-$root/runs/side-by-side-$(date +%Y%m%d-%H%M).jsonl}
TAG=${TAG:-side-by-side}
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

"$root/recurrent" --version >/dev/null      # builds first if the sources changed
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    workload=${config%%:*} mode=${config##*:}
    for peer in $PEERS; do
      echo "=== round $round: $peer $workload $mode"
      if [ "$peer" = recurrent ]; then
        RECURRENT_JAVA_OPTS="-Xmx4g" flock /tmp/bench.lock "$root/recurrent" bench --workload "$workload" \
          --mode "$mode" $HARNESS_ARGS --tag "$TAG" --out "$OUT" | grep -E '^RESULT|warm-up:' \
          || echo "!!! $peer $workload $mode failed"
      else
        (cd "$PEERS_DIR" && ./bench.sh "$peer" "$workload" "$mode" $HARNESS_ARGS --tag "$TAG" --out "$OUT") \
          | grep -E '^RESULT|warm-up:|Exception' || echo "!!! $peer $workload $mode failed"
      fi
    done
  done
done
python3 "$root/recurrent-bench/side-by-side.py" "$OUT"
