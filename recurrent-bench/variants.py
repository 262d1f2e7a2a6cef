#!/usr/bin/env python3
"""The variants' table from the JSON lines of recurrent-bench/variants.sh (records with a "cell").

Per cell and workload/mode: the per-process samples/s (each process's median over its repeats),
their median, its ratio to the median of the family's plain cell in the same file (lstm for the
LSTM family, gru for the GRU family), GFLOP/s by the bench's count, the largest outside load seen
while timed, and the largest peak RSS (VmHWM) of the cell's processes. A ratio below 0.85 is marked.
"""
import statistics
import sys

from bench_records import fmt, grouped

ORDER = ["imdb train", "imdb infer", "large train", "large infer"]
FAMILIES = [("lstm", ["lstm", "peephole", "cifg", "layer_norm_lstm", "projected_lstm"]),
            ("gru", ["gru", "gru_reset_before", "mgu", "layer_norm_gru"])]
PLAIN = {cell: plain for plain, cells in FAMILIES for cell in cells}
SHORT_BY = 0.85


def main(paths):
    groups = grouped(paths, lambda r: (r["workload"] + " " + r["mode"], r["cell"]) if "cell" in r else None)
    configs = [c for c in ORDER if any(k[0] == c for k in groups)]
    configs += sorted({k[0] for k in groups} - set(configs))
    cells = [c for _, family in FAMILIES for c in family]
    cells += sorted({k[1] for k in groups} - set(cells))
    print("| workload | cell | per-process samples/s | median | ÷ plain | GFLOP/s | outside load (max) | peak RSS MB |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for config in configs:
        for cell in cells:
            rs = groups.get((config, cell))
            if not rs:
                continue
            med = statistics.median(r["median"] for r in rs)
            plain = groups.get((config, PLAIN.get(cell, cell)))
            if cell == PLAIN.get(cell):
                ratio = "1"
            elif plain:
                q = med / statistics.median(r["median"] for r in plain)
                ratio = ("**%.2f**" if q < SHORT_BY else "%.2f") % q
            else:
                ratio = "–"
            gflops = statistics.median(r["gflops_median"] for r in rs)
            print("| %s | %s | %s | %s | %s | %.1f | %.2f | %.0f |" % (
                config, cell, ", ".join(fmt(r["median"]) for r in rs), fmt(med), ratio, gflops,
                max(r.get("foreign_cpu", 0) for r in rs), max(r["vmhwm_mb"] for r in rs)))


if __name__ == "__main__":
    main(sys.argv[1:])
