#!/usr/bin/env python3
"""Where a workload's time goes, from a JFR recording of `recurrent bench`.

    RECURRENT_JAVA_OPTS="-XX:StartFlightRecording=filename=W.jfr,settings=profile" \\
        ./recurrent bench --workload W --mode M ...
    jfr print --json --events jdk.ExecutionSample W.jfr > W.json
    python3 recurrent-bench/profile-breakdown.py W.json

Each execution sample (both kernel threads) is charged to the innermost frame of this project,
grouped into GEMM, gate math, embedding, dense, loss, optimizer (with the gradients' zeroing), the
recurrent layer's own data movement, a thread waiting at a hand-off (a worker for its next task, the
calling thread for the worker to finish), and the rest (model bookkeeping, the harness).
Warm-up samples are included, so the first seconds (JIT compilation) weigh a little.
"""
import json
import sys
from collections import Counter

GROUPS = [
    ("GEMM", ("kernels/VectorGemm", "kernels/VectorDirectGemm", "kernels/VectorMicroKernel",
              "kernels/VectorPacking", "kernels/ScalarKernels.gemm", "kernels/GemmJob")),
    ("gate math", ("kernels/VectorGates", "kernels/VectorActivations", "kernels/VectorMath",
                   "kernels/ScalarKernels", "layers/LstmCell", "layers/GruCell")),
    ("embedding", ("layers/Embedding", "layers/TokenProjection")),
    ("dense", ("layers/Dense", "layers/TimeDistributed", "layers/RepeatVector")),
    ("loss", ("loss/",)),
    ("optimizer, gradient zeroing", ("optim/", "layers/Parameter")),
    ("recurrent layer: copies, masks", ("layers/Recurrent", "layers/Workspace", "layers/TimeMajorCopy",
                                        "layers/TimeLoop", "kernels/Bulk")),
    ("waiting at a hand-off", ("kernels/Parallel.workLoop", "kernels/Parallel.run")),
]

# Inlined at the start of every vector kernel; JFR charges to it samples taken anywhere in a kernel
# whose loop has no debug information of its own (much of large training's), so the sample
# goes to the kernel that called it.
RECOMPILE_CHECK = "dev/recurrent/kernels/Recompile.check"


def group_of(frames):
    for fr in frames:
        m = fr["method"]
        name = m["type"]["name"] + "." + m["name"]
        if not name.startswith("dev/recurrent/") or name.startswith(RECOMPILE_CHECK):
            continue
        for group, prefixes in GROUPS:
            if any(name[len("dev/recurrent/"):].startswith(p) for p in prefixes):
                return group
        return "other (model, harness)"
    return "other (JDK, no frame of ours)"


def main(path):
    events = json.load(open(path))["recording"]["events"]
    counts = Counter(group_of(e["values"]["stackTrace"]["frames"]) for e in events
                     if e["values"].get("stackTrace"))
    total = sum(counts.values())
    print("%d samples" % total)
    for group, n in counts.most_common():
        print("%5.1f%%  %s" % (100.0 * n / total, group))


if __name__ == "__main__":
    main(sys.argv[1])
