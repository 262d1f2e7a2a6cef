#!/usr/bin/env bash
# Runs many fresh JVM processes of each workload, one at a time, to see how far one process's speed
# can fall from the others' (docs/performance.md, "Fifty processes per workload"): ROUNDS rounds over
# every configuration, each process appending one JSON line to OUT; then prints the spread table
# (recurrent-bench/processes.py). Each line carries the machine's own speed beside the workload's
# (copy_64k_us), so that a slow process can be told from a slow machine.
#
#   recurrent-bench/processes.sh
#
# Knobs: ROUNDS (50), CONFIGS ("imdb:train imdb:infer addition:train large:train large:infer"),
# HARNESS_ARGS (a short protocol: 2 repeats of about 1.5 s after a 4 s warm-up), OUT, TAG; JAVA_HOME
# chooses the JDK (see ./recurrent); RECURRENT_JAVA_OPTS is passed on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-50}
CONFIGS=${CONFIGS:-"imdb:train imdb:infer addition:train large:train large:infer"}
HARNESS_ARGS=${HARNESS_ARGS:-"--repeats 2 --warmup-sec 4 --repeat-sec 1.5"}
OUT=${OUT:-$root/runs/processes-$(date +%Y%m%d-%H%M).jsonl}
TAG=${TAG:-processes}
mkdir -p "$(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")

"$root/recurrent" --version >/dev/null      # builds first if the sources changed
for round in $(seq 1 "$ROUNDS"); do
  for config in $CONFIGS; do
    workload=${config%%:*} mode=${config##*:}
    echo "=== round $round: $workload $mode"
    flock /tmp/bench.lock "$root/recurrent" bench --workload "$workload" --mode "$mode" $HARNESS_ARGS \
      --tag "$TAG" --out "$OUT" | grep -E '^RESULT' || echo "!!! $workload $mode failed"
  done
done
echo "results: $OUT"
python3 "$root/recurrent-bench/processes.py" "$OUT"
