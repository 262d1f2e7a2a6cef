#!/usr/bin/env python3
"""Times NumPy's float32 matmul (its bundled BLAS, usually OpenBLAS) at GemmBenchmark's shapes.

The reference for docs/performance.md's "GEMM against OpenBLAS": the same shapes and transposes as
recurrent-bench's JMH GemmBenchmark (M×K×N; NN plain, TN A stored [K, M], NT B stored [N, K]),
GFLOP/s = 2·M·N·K / time, best of ROUNDS rounds of at least 0.5 s each after one warm-up round.

    OPENBLAS_NUM_THREADS=2 python3 recurrent-bench/openblas-gemm.py [SHAPE[,SHAPE...]] [TRANS[,TRANS...]]

Prints one line per shape and transpose, and the BLAS NumPy was built with.
"""
import sys
import time

import numpy as np

SHAPES = "64x768x2048,2048x2048x2048,1024x256x2048,128x256x512,32x64x128"
ROUNDS = 5


def operands(m, k, n, trans, rng):
    a = rng.uniform(-1, 1, (k, m) if trans[0] == "T" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if trans[1] == "T" else (k, n)).astype(np.float32)
    return (a.T if trans[0] == "T" else a), (b.T if trans[1] == "T" else b)


def best_seconds(a, b, c):
    best = float("inf")
    for r in range(ROUNDS + 1):
        calls, start = 0, time.perf_counter()
        while True:
            np.matmul(a, b, out=c)
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= 0.5:
                break
        if r > 0:
            best = min(best, elapsed / calls)
    return best


def main():
    shapes = (sys.argv[1] if len(sys.argv) > 1 else SHAPES).split(",")
    transposes = (sys.argv[2] if len(sys.argv) > 2 else "NN,TN,NT").split(",")
    rng = np.random.default_rng(42)
    for shape in shapes:
        m, k, n = (int(d) for d in shape.split("x"))
        for trans in transposes:
            a, b = operands(m, k, n, trans, rng)
            c = np.empty((m, n), dtype=np.float32)
            s = best_seconds(a, b, c)
            print(f"{shape} {trans} {s * 1e6:.1f} us {2 * m * n * k / s / 1e9:.1f} GFLOP/s")
    try:
        config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        print("blas:", config.get("name"), config.get("version"), config.get("openblas configuration", ""))
    except Exception:  # older NumPy: no dict mode
        pass


if __name__ == "__main__":
    main()
