#!/usr/bin/env python3
"""The spread of many fresh processes per workload, from `recurrent bench` JSON lines
(recurrent-bench/processes.sh).

    python3 recurrent-bench/processes.py FILE.jsonl [...] [--quiet]

One row per library, JDK, workload and mode (the peers' lines from side-by-side.sh count too, as a
control: their copy columns stay empty): how many processes, the median of their samples/s (each process
counted by the median of its repeats), the range, how many ran more than 20 % below the median, how
many allocated over 1 MB per timed step (boxing_suspected) or saw the kernels' watch fire, and the
allocation per step. The last columns set the machine beside it: `copy` is a process's 64 KiB copy
time during its timed repeats (the slower thread, the slower of the readings before and after them);
"slow copy" counts the processes whose copy took over 1.2 times the group's median, and "slow both"
those of them that were also more than 20 % below the median speed. --quiet keeps only the processes
that ran with at most 0.05 cores of other work beside them.
"""
import sys
from statistics import median

from bench_records import fmt, grouped


def jdk(r):
    v = r.get("java", "").split()[-1]
    return v.split(".")[0].split("+")[0]


def copy_us(r):
    p = r.get("copy_64k_us")
    if not p:
        return None
    return max(max(p["before_timed"]), max(p["after_timed"]))


def spearman(xs, ys):
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        rk = [0.0] * len(v)
        for pos, i in enumerate(order):
            rk[i] = pos
        return rk
    if len(xs) < 3:
        return float("nan")
    a, b = ranks(xs), ranks(ys)
    n = len(xs)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a) ** 0.5
    vb = sum((y - mb) ** 2 for y in b) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def main(args):
    quiet = "--quiet" in args
    paths = [a for a in args if not a.startswith("--")]
    groups = grouped(paths, lambda r: None if quiet and r.get("foreign_cpu", 0) > 0.05
                     else (r.get("peer", "?"), jdk(r), r["workload"], r["mode"]))
    print("| library | JDK | workload | processes | median samples/s | min – max | > 20 % below median | boxing suspected |"
          " watch fired | allocation per step, median (max) | copy µs, median | slow copy | slow both | rank correlation, speed and copy |")
    print("|---|---|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for (peer, j, w, m), rs in sorted(groups.items()):
        speeds = [r["median"] for r in rs]
        med = median(speeds)
        slow = [r["median"] < 0.8 * med for r in rs]
        alloc = [r.get("alloc_bytes_per_step", 0) for r in rs]
        copies = [copy_us(r) for r in rs]
        have = [c for c in copies if c is not None]
        cmed = median(have) if have else None
        slow_copy = [c is not None and c > 1.2 * cmed for c in copies]
        both = sum(1 for s, c in zip(slow, slow_copy) if s and c)
        pairs = [(r["median"], c) for r, c in zip(rs, copies) if c is not None]
        rho = spearman([p[0] for p in pairs], [p[1] for p in pairs])
        print(f"| {peer} | {j} | {w} {m} | {len(rs)} | {fmt(med)} | {fmt(min(speeds))} – {fmt(max(speeds))} | {sum(slow)} |"
              f" {sum(bool(r.get('boxing_suspected')) for r in rs)} | {sum(bool(r.get('kernel_boxing_seen')) for r in rs)} |"
              f" {median(alloc):,.0f} B ({max(alloc):,} B) | {'%.2f' % cmed if cmed else '–'} | {sum(slow_copy)} | {both} |"
              f" {'%.2f' % rho if pairs else '–'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
