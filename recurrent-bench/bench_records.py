"""What the benchmark tables share: the JSON lines of `recurrent bench` (and the peers' harness),
grouped, and the way their numbers are printed."""
import json
from collections import defaultdict


def fmt(v):
    return "%.0f" % v if v >= 1000 else "%.1f" % v if v >= 100 else "%.2f" % v


def grouped(paths, key):
    """The records of the JSON-lines files, grouped by key(record); records it maps to None are left out."""
    groups = defaultdict(list)
    for path in paths:
        for line in open(path):
            if line.strip():
                r = json.loads(line)
                k = key(r)
                if k is not None:
                    groups[k].append(r)
    return groups
