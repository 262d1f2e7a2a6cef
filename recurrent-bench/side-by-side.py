#!/usr/bin/env python3
"""The side-by-side table from the JSON lines of recurrent-bench/side-by-side.sh.

Per workload and mode: each peer's median over every timed repeat of every process, the min-max
of those repeats, the per-process medians, Recurrent's ratio to DJL/PyTorch and to DL4J, the
largest peak RSS (VmHWM) of each peer's processes and the first training step.
"""
import statistics
import sys

from bench_records import fmt, grouped

ORDER = ["imdb train", "imdb infer", "addition train", "shampoo train", "large train", "large infer"]
PEERS = [("recurrent", "Recurrent"), ("djl-pytorch", "DJL/PyTorch"), ("dl4j", "DL4J")]


def main(paths):
    groups = grouped(paths, lambda r: (r["workload"] + " " + r["mode"], r["peer"]))
    print("| workload | peer | samples/s median | min – max | per-process medians | GFLOP/s | CPU (cores) "
          "| outside load (max) | peak RSS MB | first step s | runs × repeats |")
    print("|---|---|---:|---|---|---:|---:|---:|---:|---:|---|")
    medians, rss = {}, {}
    for config in ORDER:
        for peer, name in PEERS:
            rs = groups.get((config, peer))
            if not rs:
                continue
            values = [v for r in rs for v in r["samples_per_s"]]
            med = statistics.median(values)
            medians[(config, peer)] = med
            rss[(config, peer)] = max(r["vmhwm_mb"] for r in rs)
            gflops = rs[0]["gflops_median"] / rs[0]["median"] * med if rs[0]["median"] else 0
            unit = " steps/s" if config.startswith("shampoo") else ""
            print("| %s | %s | **%s**%s | %s – %s | %s | %s | %.2f | %.2f | %.0f | %.2f | %d × %d |" % (
                config, name, fmt(med), unit, fmt(min(values)), fmt(max(values)),
                ", ".join(fmt(r["median"]) for r in rs), "%.1f" % gflops if gflops >= 0.05 else "–",
                statistics.median(r["cpu_util"] for r in rs), max(r.get("foreign_cpu", 0) for r in rs),
                rss[(config, peer)], statistics.median(r["first_step_s"] for r in rs), len(rs), len(rs[0]["samples_per_s"])))
    print()
    print("| workload | ÷ DJL/PyTorch | ÷ DL4J | peak RSS ÷ DJL's |")
    print("|---|---:|---:|---:|")
    for config in ORDER:
        ours = medians.get((config, "recurrent"))
        if ours is None:
            continue
        cells = []
        for peer in ("djl-pytorch", "dl4j"):
            other = medians.get((config, peer))
            cells.append("%.2f×" % (ours / other) if other else "–")
        djl_rss = rss.get((config, "djl-pytorch"))
        cells.append("%.2f" % (rss[(config, "recurrent")] / djl_rss) if djl_rss else "–")
        print("| %s | %s |" % (config, " | ".join(cells)))


if __name__ == "__main__":
    main(sys.argv[1:])
